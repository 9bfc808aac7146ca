import { Shell } from './shell/Shell.tsx';

export function App() {
  return <Shell />;
}
