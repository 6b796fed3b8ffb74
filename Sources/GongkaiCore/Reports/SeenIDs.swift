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
///
/// The tables hold at most `limit` checks (about 1 million: 21–27 MB). Then they are written, table
/// by table in hash order, as one sorted run to an unlinked scratch file (`Runs`) and emptied in
/// place, so at 5,000,000 records the table costs what it costs at one million. A hash met in an
/// earlier run is not seen while the pass goes on (its record is handed over as new); `settle`
/// then reads the runs back table by table, names every hash kept in more than one place as
/// `repeated` (a copy, a conflict or a collision across runs) and the caller streams once more with
/// those hashes `exact`. The runs start after the same number of checks in every pass, so a hash
/// met twice within one run in the first pass is met twice within one run in the second: the second
/// pass needs no third. If the scratch file cannot be made or written, the tables stay in memory
/// and `spillProblem` says why.
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

    /// Checks the tables take before they are written out as a run.
    let limit: Int
    private let scratchDirectory: String?
    private var checksInRun = 0
    private var runs: Runs?
    /// Why the tables could not be written out (they then stay in memory).
    private(set) var spillProblem: String?

    static let standardLimit = 1 << 20

    init(exact: Set<Int> = [], limit: Int = SeenIDs.standardLimit, scratchDirectory: String? = nil) {
        self.exact = exact
        self.limit = max(1, limit)
        self.scratchDirectory = scratchDirectory
    }

    /// Ids kept (in the tables, in the runs written out, and exactly).
    var count: Int { counts.reduce(0, +) + exactIDs.count + (runs?.kept ?? 0) }

    /// Runs written to the scratch file so far.
    var runCount: Int { runs?.sections.count ?? 0 }

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
        // Counted for every check, exact or not, so the runs start at the same records in every pass.
        if checksInRun == limit, spillProblem == nil { writeRun() }
        checksInRun += 1
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
    /// Only the tables are asked (ids written out in runs: `settle`).
    func wasHanded(_ id: String, hash: Int) -> Bool {
        if !exact.isEmpty, exact.contains(hash) { return exactIDs[id]?.handed ?? false }
        let (table, low) = Self.split(hash)
        guard !tables[table].isEmpty else { return false }
        let word = tables[table].withUnsafeBufferPointer { words in words[2 * Self.find(low, in: words)] }
        return word & ~Self.lowMask == Self.handed
    }

    /// What the end of a pass needs to know: the hashes kept in more than one place (in two runs, or
    /// in a run and the tables: to be compared exactly in another pass), and whether an attempt of
    /// `replaced` (with its `hash`) was handed over. Without runs, `repeated` is empty.
    func settle(replaced: Set<String>, hash: (String) -> Int) -> (repeated: Set<Int>, late: Bool) {
        guard let runs, !runs.sections.isEmpty else {
            return ([], replaced.contains { wasHanded($0, hash: hash($0)) })
        }
        var late = false
        // Hashes of replaced ids that are not compared exactly, by table.
        var asked = [[UInt64]](repeating: [], count: Self.tableCount)
        for id in replaced {
            let value = hash(id)
            if !exact.isEmpty, exact.contains(value) {
                if exactIDs[id]?.handed ?? false { late = true }
                continue
            }
            let (table, low) = Self.split(value)
            asked[table].append(low)
        }
        var repeated: Set<Int> = []
        for table in 0..<Self.tableCount {
            // Every word kept for this table (the low bits and the state), from the runs and the table.
            var words = runs.words(table: table)
            for index in stride(from: 0, to: tables[table].count, by: 2) where tables[table][index] != 0 {
                words.append(tables[table][index])
            }
            words.sort { $0 & Self.lowMask < $1 & Self.lowMask }
            var index = 1
            while index < words.count {
                if words[index] & Self.lowMask == words[index - 1] & Self.lowMask {
                    repeated.insert(Int(Int64(bitPattern: UInt64(table) << 56 | words[index] & Self.lowMask)))
                }
                index += 1
            }
            guard !late, !asked[table].isEmpty else { continue }
            for low in asked[table] {
                // The first word with this low part, then every one with it.
                var lower = 0
                var upper = words.count
                while lower < upper {
                    let mid = (lower + upper) / 2
                    if words[mid] & Self.lowMask < low { lower = mid + 1 } else { upper = mid }
                }
                while lower < words.count, words[lower] & Self.lowMask == low {
                    if words[lower] & ~Self.lowMask == Self.handed { late = true }
                    lower += 1
                }
                if late { break }
            }
        }
        return (repeated, late)
    }

    /// Why a run written out could not be read back (`settle` then knows too little: the caller
    /// streams again without writing runs).
    var unreadableRuns: String? { runs?.problem }

    /// The tables written out as one run (in hash order) and emptied in place.
    private mutating func writeRun() {
        checksInRun = 0
        if runs == nil {
            do {
                runs = Runs(file: try ScratchFile(directory: scratchDirectory, purpose: "ids"))
            } catch {
                spillProblem = error.reason
                return
            }
        }
        var section: [Int] = []
        section.reserveCapacity(Self.tableCount)
        var bytes: [UInt8] = []
        var kept = 0
        for table in 0..<Self.tableCount {
            var words: [UInt64] = []
            words.reserveCapacity(counts[table])
            for index in stride(from: 0, to: tables[table].count, by: 2) where tables[table][index] != 0 {
                words.append(tables[table][index])
            }
            words.sort { $0 & Self.lowMask < $1 & Self.lowMask }
            section.append(words.count)
            kept += words.count
            words.withUnsafeBytes { bytes.append(contentsOf: $0) }
            if bytes.count >= 1 << 20 || table == Self.tableCount - 1 {
                do {
                    try runs!.file.append(bytes)
                } catch {
                    spillProblem = error.reason
                    return
                }
                bytes.removeAll(keepingCapacity: true)
            }
        }
        runs!.add(section: section, kept: kept)
        for table in 0..<Self.tableCount {
            tables[table].withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            counts[table] = 0
        }
    }
}

extension SeenIDs {
    /// The runs written out: for each, how many words each table gave, in one scratch file. A run
    /// keeps each id's word (the low 56 bits of its hash and its state), not its content's
    /// fingerprint: a hash met again across runs is settled in another pass, whatever the content.
    final class Runs: @unchecked Sendable {
        let file: ScratchFile
        /// Per run, the words of each table (in table order, each table's sorted).
        private(set) var sections: [[Int]] = []
        private var starts: [Int64] = []
        private(set) var kept = 0
        /// A run that could not be read back.
        private(set) var problem: String?

        init(file: ScratchFile) { self.file = file }

        func add(section: [Int], kept count: Int) {
            starts.append(starts.isEmpty ? 0 : starts.last! + Int64(sections.last!.reduce(0, +) * 8))
            sections.append(section)
            kept += count
        }

        /// The words of `table` in every run.
        func words(table: Int) -> [UInt64] {
            var words: [UInt64] = []
            for (run, section) in sections.enumerated() where section[table] > 0 {
                let offset = starts[run] + Int64(section[..<table].reduce(0, +) * 8)
                do {
                    let bytes = try file.read(at: offset, count: section[table] * 8)
                    bytes.withUnsafeBytes { raw in
                        for index in 0..<section[table] { words.append(raw.loadUnaligned(fromByteOffset: 8 * index, as: UInt64.self)) }
                    }
                } catch {
                    problem = error.reason
                }
            }
            return words
        }
    }
}
