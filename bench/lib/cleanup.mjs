// Teardown that runs however the harness ends: normally, on a thrown error,
// or on Ctrl-C / SIGTERM. Resources register an async undo step here (stop the
// portal, close the browser, remove a temp dir) and unregister it once done.

const steps = new Set();

/** Registers `fn` (async allowed); returns a function that unregisters it. */
export function onCleanup(fn) {
  steps.add(fn);
  return () => steps.delete(fn);
}

/** Runs every registered step, newest first; errors are printed, not thrown. */
export async function cleanupAll() {
  for (const fn of [...steps].reverse()) {
    steps.delete(fn);
    try {
      await fn();
    } catch (err) {
      console.error(`cleanup: ${err?.message ?? err}`);
    }
  }
}

let installed = false;
let interrupted = null;

/** The signal that is stopping the harness, or null: results of an interrupted run are not written. */
export const interruptedBy = () => interrupted;

/** On SIGINT/SIGTERM: clean up (10 s at most), then exit 130/143. */
export function installSignalHandlers() {
  if (installed) return;
  installed = true;
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
    process.on(signal, () => {
      if (interrupted) return; // a second Ctrl-C while cleaning up: keep cleaning
      interrupted = signal;
      console.error(`\n${signal}: stopping the portal and the browser…`);
      const timer = setTimeout(() => process.exit(code), 10_000);
      cleanupAll().finally(() => {
        clearTimeout(timer);
        process.exit(code);
      });
    });
  }
}
