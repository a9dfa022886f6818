import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { HashRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { Loading } from '../components/Loading';
import { Header } from './Header';
import { NavBar } from './NavBar';
import { DesktopEvents } from './DesktopEvents';
import { StudyProvider } from './StudyContext';
import { WorkspaceGate } from './WorkspaceGate';

const DashboardScreen = lazy(() => import('../screens/dashboard/DashboardScreen'));
const ImportScreen = lazy(() => import('../screens/import/ImportScreen'));
const DiscrepanciesScreen = lazy(() => import('../screens/discrepancies/DiscrepanciesScreen'));
const SubjectsScreen = lazy(() => import('../screens/subjects/SubjectsScreen'));
const SubjectProfileScreen = lazy(() => import('../screens/subjects/SubjectProfileScreen'));
const DataScreen = lazy(() => import('../screens/data/DataScreen'));
const QueriesScreen = lazy(() => import('../screens/queries/QueriesScreen'));
const CutsScreen = lazy(() => import('../screens/cuts/CutsScreen'));
const AuditScreen = lazy(() => import('../screens/audit/AuditScreen'));

export function App() {
  return (
    <HashRouter>
      <WorkspaceGate>
        {(studyKey) => (
          <StudyProvider key={studyKey}>
            <DesktopEvents />
            <div className="shell">
              <Header />
              <NavBar />
              <main className="main" id="main">
                <ScreenBoundary>
                  <Suspense fallback={<Loading />}>
                    <Routes>
                      <Route path="/" element={<Navigate to="/dashboard" replace />} />
                      <Route path="/dashboard" element={<DashboardScreen />} />
                      <Route path="/import" element={<ImportScreen />} />
                      <Route path="/discrepancies" element={<DiscrepanciesScreen />} />
                      <Route path="/subjects" element={<SubjectsScreen />} />
                      <Route path="/subjects/:subjectId" element={<SubjectProfileScreen />} />
                      <Route path="/data" element={<DataScreen />} />
                      <Route path="/queries" element={<QueriesScreen />} />
                      <Route path="/cuts" element={<CutsScreen />} />
                      <Route path="/audit" element={<AuditScreen />} />
                      <Route path="*" element={<Navigate to="/dashboard" replace />} />
                    </Routes>
                  </Suspense>
                </ScreenBoundary>
              </main>
            </div>
          </StudyProvider>
        )}
      </WorkspaceGate>
    </HashRouter>
  );
}

function ScreenBoundary({ children }: { children: React.ReactNode }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  return (
    <ErrorBoundary resetKey={pathname} title={t('errors.INTERNAL')} retryLabel={t('common.retry')}>
      {children}
    </ErrorBoundary>
  );
}
