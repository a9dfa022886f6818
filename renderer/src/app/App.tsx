import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { HashRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { Loading } from '../components/Loading';
import { Header } from './Header';
import { NavBar } from './NavBar';
import { DesktopEvents } from './DesktopEvents';
import { StudyProvider } from '../hooks/StudyContext';
import { WorkspaceGate } from './WorkspaceGate';

const loaders = {
  dashboard: () => import('../screens/dashboard/DashboardScreen'),
  import: () => import('../screens/import/ImportScreen'),
  discrepancies: () => import('../screens/discrepancies/DiscrepanciesScreen'),
  subjects: () => import('../screens/subjects/SubjectsScreen'),
  subjectProfile: () => import('../screens/subjects/SubjectProfileScreen'),
  data: () => import('../screens/data/DataScreen'),
  queries: () => import('../screens/queries/QueriesScreen'),
  coding: () => import('../screens/coding/CodingScreen'),
  cuts: () => import('../screens/cuts/CutsScreen'),
  audit: () => import('../screens/audit/AuditScreen'),
};

// A page opened without a route starts on the dashboard before the router reads the address: a
// redirect rendered from / would run only once the study is known, and could undo a link followed
// in between.
if (/^#?\/?$/.test(window.location.hash)) {
  window.history.replaceState(
    window.history.state,
    '',
    `${window.location.pathname}${window.location.search}#/dashboard`,
  );
}

// The screen a link opens starts loading with the app, not after the study is known (a module
// is fetched once: lazy() below gets the same one).
const firstScreen = /^#\/([a-z]+)(\/[^?]+)?/.exec(window.location.hash);
if (firstScreen) {
  const name = firstScreen[1] === 'subjects' && firstScreen[2] ? 'subjectProfile' : firstScreen[1];
  if (name && name in loaders) void loaders[name as keyof typeof loaders]().catch(() => undefined);
}

const DashboardScreen = lazy(loaders.dashboard);
const ImportScreen = lazy(loaders.import);
const DiscrepanciesScreen = lazy(loaders.discrepancies);
const SubjectsScreen = lazy(loaders.subjects);
const SubjectProfileScreen = lazy(loaders.subjectProfile);
const DataScreen = lazy(loaders.data);
const QueriesScreen = lazy(loaders.queries);
const CodingScreen = lazy(loaders.coding);
const CutsScreen = lazy(loaders.cuts);
const AuditScreen = lazy(loaders.audit);

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
                      <Route path="/coding" element={<CodingScreen />} />
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
