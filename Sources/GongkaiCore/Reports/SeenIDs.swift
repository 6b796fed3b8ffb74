/// The ids kept so far by a streamed pass (`AttemptLoader.stream`), never the ids themselves:
/// a 64-bit hash of each id and the fingerprint of its record's content, 16 bytes a slot, in
/// 256 open-addressing tables (by the hash's top byte) that each grow by a quarter when three
/// quarters full. So the table costs 21–27 bytes an id, and growing it never holds a second
/// copy of more than one small table.
///
/// It gives the verdicts of `AttemptLoader.CopyFilter` (the first copy read is kept, a later one
/// with the same content is a copy, with other content a conflict):
/// - a hash met for the first time: the id is new (nothing else can have been read with it);
/// - a hash met before with the same content fingerprint: a copy (two different ids would need
///   both 64-bit values to meet);
/// - a hash met before with **other** content: either the same id with other content (a conflict)
///   or another id whose hash happens to be the same (about n² / 2⁶⁵: at 5,000,000 records once in a
///   million runs). Which of the two cannot be told without the ids, so the verdict is `unsure`: the
///   pass goes on, and the caller reads the records once more with every such hash in `exact`;
///   ids with those hashes are then kept as they are (a handful) and compared exactly.
struct SeenIDs {
    enum Verdict: Equatable {
        case new(Slot)
        case copy
        case conflict
        /// Same hash, other content: stream again with the hash in `exact` (see the type's comment).
        case unsure
    }

    /// Where a kept id is: a table and its slot there, or (for hashes in `exact`) the id itself.
    enum Slot: Equatable {
        case table(Int, Int)
        case exact(String)
    }

    /// The low 56 bits of the hash are kept; the top byte chooses the table, so it need not be.
    /// Bits 56 and 57 of a stored word hold the state (never 0, so 0 marks an empty slot).
    private static let lowMask: UInt64 = (1 << 56) - 1
    private static let handed: UInt64 = 1 << 56
    private static let leftOut: UInt64 = 2 << 56
    static let tableCount = 256

    /// Per table: the key word and the content word of each slot, side by side.
    private var tables: [[UInt64]] = Array(repeating: [], count: tableCount)
    private var counts: [Int] = Array(repeating: 0, count: tableCount)
    /// Hashes met with other content in an earlier pass: their ids are compared exactly.
    let exact: Set<Int>
    private var exactIDs: [String: (content: UInt64, handed: Bool)] = [:]

    init(exact: Set<Int> = []) { self.exact = exact }

    /// Ids kept (in the tables and exactly).
    var count: Int { counts.reduce(0, +) + exactIDs.count }

    /// Slots of all the tables (the memory the tables take is 16 bytes each).
    var capacity: Int { tables.reduce(0) { $0 + $1.count / 2 } }

    private static func split(_ hash: Int) -> (table: Int, low: UInt64) {
        let bits = UInt64(bitPattern: Int64(hash))
        return (Int(bits >> 56), bits & lowMask)
    }

    private static func home(_ low: UInt64, capacity: Int) -> Int {
        Int((low << 8).multipliedFullWidth(by: UInt64(capacity)).high)
    }

    /// Where `low` is in `words`, or the empty slot where it would go.
    private static func find(_ low: UInt64, in words: UnsafeBufferPointer<UInt64>) -> Int {
        let capacity = words.count / 2
        var slot = home(low, capacity: capacity)
        while true {
            let word = words[2 * slot]
            if word == 0 || word & lowMask == low { return slot }
            slot += 1
            if slot == capacity { slot = 0 }
        }
    }

    private mutating func grow(_ table: Int) {
        let old = tables[table]
        let capacity = max(16, old.count / 2 + old.count / 8 + 1)
        var words = [UInt64](repeating: 0, count: 2 * capacity)
        words.withUnsafeMutableBufferPointer { new in
            var index = 0
            while index < old.count {
                if old[index] != 0 {
                    let slot = Self.find(old[index] & Self.lowMask, in: UnsafeBufferPointer(new))
                    new[2 * slot] = old[index]
                    new[2 * slot + 1] = old[index + 1]
                }
                index += 2
            }
        }
        tables[table] = words
    }

    /// The verdict for a record whose id has `hash` and whose content has the fingerprint `content`;
    /// `id` is asked only for hashes in `exact`. A new id is kept (at the slot given).
    mutating func check(hash: Int, content: UInt64, id: () -> String) -> Verdict {
        if !exact.isEmpty, exact.contains(hash) {
            let id = id()
            if let kept = exactIDs[id] { return kept.content == content ? .copy : .conflict }
            exactIDs[id] = (content, true)
            return .new(.exact(id))
        }
        let (table, low) = Self.split(hash)
        if (counts[table] + 1) * 4 > tables[table].count / 2 * 3 { grow(table) }
        let slot = tables[table].withUnsafeBufferPointer { Self.find(low, in: $0) }
        if tables[table][2 * slot] != 0 { return tables[table][2 * slot + 1] == content ? .copy : .unsure }
        tables[table][2 * slot] = low | Self.handed
        tables[table][2 * slot + 1] = content
        counts[table] += 1
        return .new(.table(table, slot))
    }

    /// The id just kept at `slot` is not handed over (a regrade replaced it). Before the next `check`.
    mutating func markLeftOut(_ slot: Slot) {
        switch slot {
        case .table(let table, let index): tables[table][2 * index] = tables[table][2 * index] & Self.lowMask | Self.leftOut
        case .exact(let id): exactIDs[id]?.handed = false
        }
    }

    /// Whether an attempt whose id has `hash` was kept and handed over. Without the ids this may
    /// say yes for another id with the same hash: the caller then streams once more, never wrongly.
    func wasHanded(_ id: String, hash: Int) -> Bool {
        if !exact.isEmpty, exact.contains(hash) { return exactIDs[id]?.handed ?? false }
        let (table, low) = Self.split(hash)
        guard !tables[table].isEmpty else { return false }
        let word = tables[table].withUnsafeBufferPointer { words in words[2 * Self.find(low, in: words)] }
        return word & ~Self.lowMask == Self.handed
    }
}
