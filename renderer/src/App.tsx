import { Shell } from './shell/Shell.tsx';
import { AuthGate } from './auth/AuthGate.tsx';

// The app shows to a signed-in user only (sign-up on the first start, sign-in after that).
export function App() {
  return (
    <AuthGate>
      <Shell />
    </AuthGate>
  );
}
