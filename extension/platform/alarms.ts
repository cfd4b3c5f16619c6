/** Token re-fetch with chrome.alarms: survives the service worker being stopped. */
import { browser } from 'wxt/browser';
import type { Scheduler } from '../core/service';

const PREFIX = 'refresh:';

export const alarmScheduler: Scheduler = {
  async schedule(profileId, when) {
    await browser.alarms.create(`${PREFIX}${profileId}`, { when: Math.max(when, Date.now() + 1000) });
  },
  async cancel(profileId) {
    await browser.alarms.clear(`${PREFIX}${profileId}`);
  },
};

export function onRefreshAlarm(listener: (profileId: string) => void): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name.startsWith(PREFIX)) listener(alarm.name.slice(PREFIX.length));
  });
}
