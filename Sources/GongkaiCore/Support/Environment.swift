import Foundation

/// The wall clock, injected so that tests can fix "now" and "today".
public protocol WallClock: Sendable {
    func now() -> Timestamp
}

extension WallClock {
    public func today() -> LocalDate { now().localDate }
}

public struct SystemClock: WallClock {
    public init() {}

    public func now() -> Timestamp { Timestamp(date: Date(), timeZone: .current) }
}

/// A clock that returns a fixed moment, advanced by hand.
public final class FixedClock: WallClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Timestamp

    public init(_ start: Timestamp) { self.current = start }

    public func now() -> Timestamp { lock.withLock { current } }

    public func advance(seconds: Int64) {
        lock.withLock { current = Timestamp(seconds: current.seconds + seconds, offset: current.offset) }
    }
}

/// SplitMix64: small, fast and identical on every platform, so a `--seed`
/// gives the same draw everywhere (the standard library's generator and
/// shuffle algorithm are not guaranteed stable).
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { self.state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound` without modulo bias.
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        let b = UInt64(bound)
        let limit = UInt64.max - UInt64.max % b
        while true {
            let r = next()
            if r < limit { return Int(r % b) }
        }
    }

    /// Fisher–Yates, written out so the permutation for a seed never changes.
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            array.swapAt(i, below(i + 1))
        }
    }
}

/// Makes record ids: time-ordered, and unique across machines and processes.
public protocol RecordIDSource: Sendable {
    func makeID(at time: Timestamp) -> String
}

public struct RandomRecordIDs: RecordIDSource {
    public init() {}

    public func makeID(at time: Timestamp) -> String {
        var generator = SystemRandomNumberGenerator()
        let random = generator.next() & 0xFFFF_FFFF_FFFF
        let hex = String(random, radix: 16)
        return "\(time.compactUTC)-\(String(repeating: "0", count: 12 - hex.count))\(hex)"
    }
}

/// Deterministic ids for tests: a prefix and a counter.
public final class SequentialRecordIDs: RecordIDSource, @unchecked Sendable {
    private let lock = NSLock()
    private var counter = 0
    private let prefix: String

    public init(prefix: String = "test") { self.prefix = prefix }

    public func makeID(at time: Timestamp) -> String {
        lock.withLock {
            counter += 1
            return "\(time.compactUTC)-\(prefix)\(pad(counter, 6))"
        }
    }
}
