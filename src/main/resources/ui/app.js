import { startOverview } from './overview.js';
import { startLive } from './live.js';
import { startConfig } from './config.js';
import { startForms } from './forms.js';
import { startTry } from './try.js';
import { startHealth } from './health.js';
import { startSessions } from './sessions.js';
import { startBodies } from './bodies.js';

const notice = document.getElementById('notice');

/** Shows a short message where a screen reader announces it. */
export function tell(message, error = false) {
  notice.textContent = message;
  notice.classList.toggle('error', error);
}

startOverview(tell);
startLive(tell);
startBodies(tell);
startForms(tell);
startConfig(tell);
startTry(tell);
startHealth(tell);
startSessions(tell);
