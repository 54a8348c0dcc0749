// A phone whose storage is really full: Chromium's own quota enforcement,
// shrunk through the DevTools protocol (not a simulated exception).
//
// Two Chromium facts shape this helper:
// - `navigator.storage.estimate()` reports usage + 10 GiB (a privacy
//   measure), so the enforced quota is read with `Storage.getUsageAndQuota`;
// - IndexedDB reuses a cached space allowance for a while after the quota
//   changes, so a new quota is only trusted once a probe write in the page is
//   refused (or, lifted, accepted): the test waits on that state.
import { expect, type CDPSession, type Page } from '@playwright/test';

export interface Quota {
  /** Leaves `headroom` bytes free above what the origin uses now. */
  fill(headroom: number): Promise<void>;
  /** Gives the origin its normal quota back. */
  lift(): Promise<void>;
  usage(): Promise<number>;
}

export async function quotaFor(page: Page): Promise<Quota> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const origin = new URL(page.url()).origin;
  const usage = async () => (await cdp.send('Storage.getUsageAndQuota', { origin })).usage;
  return {
    usage,
    async fill(headroom: number) {
      // The probe's own database exists before usage is read.
      expect(await probe(page, 1)).toBe('committed');
      const quotaSize = (await usage()) + headroom;
      await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize });
      // In force once a write bigger than the headroom is refused.
      await expect
        .poll(() => probe(page, headroom + 256 * 1024), { timeout: 60_000, message: 'the smaller quota is in force' })
        .toBe('QuotaExceededError');
    },
    async lift() {
      await cdp.send('Storage.overrideQuotaForOrigin', { origin });
      await expect
        .poll(() => probe(page, 1024 * 1024), { timeout: 60_000, message: 'the quota is lifted' })
        .toBe('committed');
    },
  };
}

/**
 * Writes `bytes` into a probe database of the page's origin and removes them
 * again: 'committed', or the name of the error the transaction ended with.
 */
export async function probe(page: Page, bytes: number): Promise<string> {
  return page.evaluate(
    (bytes) =>
      new Promise<string>((done) => {
        const open = indexedDB.open('quota-probe', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('p');
        open.onerror = () => done(open.error?.name ?? 'open failed');
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('p', 'readwrite');
          // Random bytes: nothing along the way can compress them away.
          const data = new Uint8Array(bytes);
          for (let i = 0; i < bytes; i += 65536) crypto.getRandomValues(data.subarray(i, Math.min(bytes, i + 65536)));
          tx.objectStore('p').put(new Blob([data]), 'probe');
          tx.oncomplete = () => {
            const clean = db.transaction('p', 'readwrite');
            clean.objectStore('p').delete('probe');
            clean.oncomplete = () => {
              db.close();
              done('committed');
            };
          };
          tx.onabort = () => {
            db.close();
            done(tx.error?.name ?? 'aborted');
          };
        };
      }),
    bytes,
  );
}
