import { startOverview } from './overview.js';
import { startHealth } from './health.js';

const notice = document.getElementById('notice');

/** Shows a short message where a screen reader announces it. */
export function tell(message, error = false) {
  notice.textContent = message;
  notice.classList.toggle('error', error);
}

// The first screen is the overview drawn with the daemon's data: its routes and its provider cards.
// The mark lets a browser test (and anyone in DevTools) read how long that took from navigation start.
const firstScreen = Promise.all([startOverview(tell), startHealth(tell)])
  .then(() => performance.mark('first-screen'));

// The other sections load after it (or after a second, should the daemon not answer): their modules and
// reads would otherwise take the browser's connections and the CPU from the first screen.
const AT_THE_LATEST_MS = 1000;
Promise.race([firstScreen, new Promise(resolve => setTimeout(resolve, AT_THE_LATEST_MS))]).then(async () => {
  const [live, bodies, forms, config, tryIt, sessions] = await Promise.all([
    import('./live.js'), import('./bodies.js'), import('./forms.js'),
    import('./config.js'), import('./try.js'), import('./sessions.js'),
  ]);
  live.startLive(tell);
  bodies.startBodies(tell);
  forms.startForms(tell);
  config.startConfig(tell);
  tryIt.startTry(tell);
  sessions.startSessions(tell);
});
