// Network and CPU throttling through the Chrome DevTools Protocol, with the
// presets DevTools itself offers (front_end/core/sdk/NetworkManager.ts):
// throughput in bytes per second, latency added to every request in ms.

export const NETWORK_PRESETS = {
  // 500 kbit/s × 0.8 / 8 = 50,000 B/s each way; 400 ms × 5 = 2,000 ms.
  'slow-3g': { label: 'Slow 3G', latency: 2000, downloadThroughput: 50_000, uploadThroughput: 50_000, connectionType: 'cellular3g' },
  // DevTools "3G" (formerly "Fast 3G"): 1.6 Mbit/s × 0.9 / 8 down, 750 kbit/s × 0.9 / 8 up, 150 ms × 3.75.
  '3g': { label: '3G', latency: 562.5, downloadThroughput: 180_000, uploadThroughput: 84_375, connectionType: 'cellular3g' },
  // DevTools "Fast 4G": 9 Mbit/s × 0.9 / 8 down, 1.5 Mbit/s × 0.9 / 8 up, 60 ms × 2.75.
  'fast-4g': { label: 'Fast 4G', latency: 165, downloadThroughput: 1_012_500, uploadThroughput: 168_750, connectionType: 'cellular4g' },
  none: { label: 'no throttling', latency: 0, downloadThroughput: -1, uploadThroughput: -1, connectionType: 'none' },
};

export function networkPreset(name) {
  const p = NETWORK_PRESETS[name];
  if (!p) throw new Error(`unknown network preset "${name}" (known: ${Object.keys(NETWORK_PRESETS).join(', ')})`);
  return { name, ...p };
}

/** One line for tables and notes: "Slow 3G (2000 ms latency, 50,000 B/s down, 50,000 B/s up), CPU 4× slower". */
export function describeConditions({ network, cpuRate }) {
  const n = network.downloadThroughput < 0
    ? network.label
    : `${network.label} (${network.latency.toLocaleString('en')} ms latency, ` +
      `${network.downloadThroughput.toLocaleString('en')} B/s down, ${network.uploadThroughput.toLocaleString('en')} B/s up)`;
  return `${n}, CPU ${cpuRate === 1 ? 'not throttled' : `${cpuRate}× slower`}`;
}

/** Applies the conditions to the page behind `cdp` (a CDPSession); call before navigating. */
export async function applyConditions(cdp, { network, cpuRate }) {
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: network.latency,
    downloadThroughput: network.downloadThroughput,
    uploadThroughput: network.uploadThroughput,
    connectionType: network.connectionType,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuRate });
}
