import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setupI18n } from './i18n';
import { App } from './app/App';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/review.css';

setupI18n();

const container = document.getElementById('root') ?? document.body.appendChild(document.createElement('div'));
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
