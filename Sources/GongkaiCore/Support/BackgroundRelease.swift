import Dispatch

/// Frees large structures on another thread. Tearing down a province's worth of
/// file names or summaries takes milliseconds that the caller need not wait for:
/// the value's last reference is dropped by a background task instead.
enum BackgroundRelease {
    static func release<T: Sendable>(_ value: T) {
        // Under a memory limit no thread is started (see `WorkerThreads`): freed here.
        guard WorkerThreads.available else { return }
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(value) {} }
    }
}
