import { MonthPage } from './month/MonthPage.tsx';

export function App() {
  return <MonthPage />;
}
