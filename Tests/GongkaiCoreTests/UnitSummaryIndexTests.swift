import Foundation
import Testing

@testable import GongkaiCore

/// The unit view answers from the summaries the attempt index keeps (issue 17), and counts exactly what a
/// reading of every one of the unit's records counts.
@Suite struct UnitSummaryIndexTests {
    static let unit = "xiquan"

    /// `AttemptIndexTests.world` plus everything that makes a unit's records hard to count: a regrade, the
    /// same record copied into another folder, a copy that differs, a score edited by hand, a record with
    /// no digest, one that is no good record, and text the index file must escape.
    static func hardWorld() throws -> (MemoryFileSystem, ResultStore) {
        let (fs, plain) = try AttemptIndexTests.world(others: 90)
        let months = AttemptIndexTests.months
        let me = AttemptIndexTests.me
        try plain.save(TestSupport.attempt(id: "m1-r1", trainee: me, course: "law", points: 0, supersedes: "m1", startedAt: months[0]))
        // The same record copied into another month folder (as merging two PCs' folders does): one duplicate.
        let copy = TestSupport.attempt(id: "m3", trainee: me, course: "redaction", startedAt: months[0])
        fs.put(RecordCodec.encode(copy), at: plain.attemptPath(copy))
        // The same id with other content, in another folder: a conflict.
        let other = TestSupport.attempt(id: "m2", trainee: me, course: "law", points: 0.5, startedAt: months[0])
        fs.put(RecordCodec.encode(other), at: plain.attemptPath(other))
        // A score edited by hand: the digest no longer matches.
        let edited = TestSupport.attempt(id: "m5", trainee: Trainee(name: "王五", unit: unit), course: "law", points: 0, startedAt: months[1])
        let editedPath = try plain.save(edited)
        let text = String(decoding: fs.allFiles[editedPath]!, as: UTF8.self)
        #expect(text.contains("\"passed\": false"))
        fs.put(text.replacingOccurrences(of: "\"passed\": false", with: "\"passed\": true"), at: editedPath)
        // No digest at all.
        let hand = TestSupport.attempt(id: "m6", trainee: Trainee(name: "赵六", unit: unit), course: "redaction", startedAt: months[1])
        guard case .object(var object) = try JSONParser.parse(RecordCodec.encode(hand)) else { throw CancellationError() }
        object["digest"] = nil
        fs.put(JSONWriter.string(.object(object)), at: plain.attemptPath(hand))
        // Of the unit, but no good record: skipped, and said so.
        let broken = TestSupport.attempt(id: "m7", trainee: Trainee(name: "孙七", unit: unit), course: "law", startedAt: months[0])
        let brokenText = String(decoding: RecordCodec.encode(broken), as: UTF8.self).replacingOccurrences(of: "\"passed\": true", with: "\"passed\": \"yes\"")
        fs.put(brokenText, at: plain.attemptPath(broken))
        // Tabs, newlines, "%", "=" and a score that is no short decimal.
        let odd = AttemptRecord(
            id: "m8", createdAt: TestSupport.fixedEnd, trainee: Trainee(name: "周\t八%0A=\n", unit: unit), session: "=s\t%25",
            course: CourseRef(id: "law", version: 7, digest: "sha256:00"), kind: .review, mode: .exam, startedAt: months[1],
            finishedAt: Timestamp(seconds: 1_594_171_800, offset: -3 * 3600 - 1800),
            items: [AttemptItem(question: "q1", type: .single, shown: [0, 1], raw: "A", response: .options([0]), points: 0.1 + 0.2, max: 3)],
            passPercent: 80)
        try plain.save(odd)
        return (fs, plain)
    }

    /// The unit view as it was before the index kept summaries: every one of the unit's records opened and
    /// read as reports read them, in path order.
    static func fullRead(_ unit: String, fileSystem fs: FileSystem) -> RecordSet {
        let loader = AttemptLoader(fileSystem: fs)
        let paths = fs.walk("/r/attempts").files.filter { path in
            guard let bytes = try? fs.readFile(path, limit: RecordScanner.maximumRecordBytes),
                let trainee = AttemptIndex.trainee(scanning: bytes) ?? AttemptIndex.trainee(parsing: bytes)
            else { return false }
            return trainee.unit == unit
        }.sorted()
        var set = RecordSet()
        var seen: [String: AttemptSummary] = [:]
        for path in paths {
            switch loader.summarize(path, withItems: false) {
            case .success(let entry):
                if let earlier = seen[entry.summary.id] {
                    set.duplicates += 1
                    if earlier != entry.summary { set.conflicts.append(path) }
                    continue
                }
                seen[entry.summary.id] = entry.summary
                set.attempts.append(entry.summary)
                if entry.integrity == .mismatch { set.tampered.append(path) }
                if entry.integrity == .missing { set.undigested.append(path) }
            case .failure(let skipped):
                set.skipped.append(skipped)
            }
        }
        let replaced = Set(set.attempts.compactMap(\.supersedes))
        set.attempts.removeAll { replaced.contains($0.id) }
        return set
    }

    static func expectSame(_ a: RecordSet, _ b: RecordSet, _ comment: Comment) {
        #expect(a.attempts == b.attempts, comment)
        #expect(a.skipped == b.skipped, comment)
        #expect(a.tampered == b.tampered, comment)
        #expect(a.undigested == b.undigested, comment)
        #expect(a.duplicates == b.duplicates, comment)
        #expect(a.conflicts == b.conflicts, comment)
    }

    @Test func theUnitViewFromTheIndexIsTheUnitViewFromEveryRecord() throws {
        let (fs, _) = try Self.hardWorld()
        let full = Self.fullRead(Self.unit, fileSystem: fs)
        // The world is as hard as it claims.
        #expect(full.duplicates == 2)
        #expect(full.conflicts.count == 1)
        #expect(full.tampered.count == 1)
        #expect(full.undigested.count == 1)
        #expect(full.skipped.count == 1)
        #expect(full.attempts.contains { $0.id == "m8" && $0.trainee.name == "周\t八%0A=\n" && $0.session == "=s\t%25" && $0.kind == .review })
        #expect(!full.attempts.contains { $0.id == "m1" })
        let store = AttemptIndexTests.indexed(fs)
        // Building the index, then from it (warm), then from an index rebuilt after it was deleted.
        Self.expectSame(RecordSet.unit(Self.unit, session: "s", checklist: nil, store: store, attendeesOnly: false), full, "building")
        Self.expectSame(RecordSet.unit(Self.unit, session: "s", checklist: nil, store: store, attendeesOnly: false), full, "warm")
        for path in fs.allFiles.keys where path.hasPrefix(AttemptIndex.folder(root: "/r")) { try fs.remove(path) }
        Self.expectSame(RecordSet.unit(Self.unit, session: "s", checklist: nil, store: store, attendeesOnly: false), full, "rebuilt")
        // Other units too, and one with no records.
        for unit in ["u0", "u4", "nobody"] {
            Self.expectSame(RecordSet.unit(unit, session: "s", checklist: nil, store: store, attendeesOnly: false), Self.fullRead(unit, fileSystem: fs), "\(unit)")
        }
    }

    @Test func aWarmUnitViewOpensNoRecordButOnesItCouldNotSummarize() throws {
        let (fs, _) = try Self.hardWorld()
        let counting = CountingFileSystem(fs)
        let store = AttemptIndexTests.indexed(counting)
        _ = RecordSet.unit(Self.unit, session: "s", checklist: nil, store: store, attendeesOnly: false)
        counting.reset()
        let set = RecordSet.unit(Self.unit, session: "s", checklist: nil, store: store, attendeesOnly: false)
        #expect(set.attempts.count == 7)
        // The unit file, and the one record that is no good record (read again to say what is wrong).
        #expect(counting.counts.reads == 2, "\(counting.counts)")
        #expect(counting.counts.writes == 0)
    }

    @Test func aSummaryComesBackFromTheIndexAsItWent() throws {
        var base = AttemptSummary(TestSupport.attempt(id: "a\tb%", trainee: Trainee(name: "=", unit: "%25\n"), points: 1.0 / 3.0))
        base.items = []
        base.points = 1.0 / 3.0
        var variants = [base]
        var withOptionals = base
        withOptionals.supersedes = ""
        withOptionals.session = "="
        variants.append(withOptionals)
        withOptionals.supersedes = "x\r\ny"
        withOptionals.kind = .review
        withOptionals.percent = -0.0000001
        withOptionals.finishedAt = Timestamp(seconds: -5, offset: 45 * 60)
        variants.append(withOptionals)
        for summary in variants {
            for integrity in [Integrity.verified, .mismatch, .missing] {
                let indexed = IndexedSummary(summary: summary, integrity: integrity)
                let bytes = indexed.encoded()
                #expect(!bytes.contains(UInt8(ascii: "\n")))
                #expect(IndexedSummary(fields: bytes[...]) == indexed)
            }
        }
        // An empty optional is not an absent one.
        #expect(IndexedSummary(fields: IndexedSummary(summary: variants[1], integrity: .verified).encoded()[...])?.summary.supersedes == "")
        #expect(IndexedSummary(fields: IndexedSummary(summary: base, integrity: .verified).encoded()[...])?.summary.supersedes == nil)
        // Anything else is no summary (the unit view then reads the record).
        for junk in ["", "a\tb", String(repeating: "x\t", count: 14) + "x", "id\t\tn\tu\tc\tone\t\tquiz\t0\t0\t1\t1\t100\t1\tv"] {
            #expect(IndexedSummary(fields: Array(junk.utf8)[...]) == nil, "\(junk)")
        }
    }

    @Test func anIndexOfTheFormerVersionIsRebuilt() throws {
        let (fs, _) = try Self.hardWorld()
        let store = AttemptIndexTests.indexed(fs)
        let full = Self.fullRead(Self.unit, fileSystem: fs)
        _ = RecordSet.unit(Self.unit, session: "s", checklist: nil, store: store, attendeesOnly: false)
        // Folder files as version 1 wrote them (names and owners only), whole and checksummed.
        let folders = fs.allFiles.keys.filter { $0.hasPrefix(AttemptIndex.folder(root: "/r") + "/folders/") }
        #expect(!folders.isEmpty)
        for path in folders {
            let lines = AttemptIndex.checkedLines(path, header: AttemptIndex.folderHeader, fileSystem: fs)!
            var body = "gongkai.attempt-index.folder/1\n"
            for line in lines {
                body += AttemptIndex.fields(line).prefix(line.first == UInt8(ascii: "S") ? 5 : 3).map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\t") + "\n"
            }
            fs.put(AttemptIndex.sealed(body), at: path)
        }
        for path in fs.allFiles.keys where path.contains("/units/") { try fs.remove(path) }
        Self.expectSame(RecordSet.unit(Self.unit, session: "s", checklist: nil, store: store, attendeesOnly: false), full, "after a version-1 index")
        for path in folders { #expect(AttemptIndex.checkedLines(path, header: AttemptIndex.folderHeader, fileSystem: fs) != nil, "\(path)") }
    }

    @Test func aRecordEditedInPlaceIsSeenByReportsAndByTheUnitViewOnceTheIndexIsRebuilt() throws {
        let root = try TestSupport.makeTempDirectory()
        defer { TestSupport.removeTree(root) }
        let local = LocalFileSystem()
        let plain = ResultStore(root: root, fileSystem: local)
        let me = AttemptIndexTests.me
        let path = try plain.save(TestSupport.attempt(id: "e1", trainee: me, course: "law", points: 0))
        // Long after: every folder has settled.
        let store = ResultStore(root: root, fileSystem: local).indexed(clock: FixedClock(Timestamp(seconds: 4_000_000_000, offset: 0)))
        #expect(RecordSet.unit(me.unit, session: "s", checklist: nil, store: store, attendeesOnly: false).attempts.map(\.passed) == [false])
        // Edited in place by hand: same name, same inode, the folder untouched.
        let text = String(decoding: try local.readFile(path, limit: 1 << 20), as: UTF8.self).replacingOccurrences(of: "\"passed\": false", with: "\"passed\": true")
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
        // Reports read the record: tampered.
        #expect(RecordSet.load(roots: [root], fileSystem: local, needs: [.attempts]).tampered == [path])
        // The unit view keeps the summary the index took of that name.
        let stale = RecordSet.unit(me.unit, session: "s", checklist: nil, store: store, attendeesOnly: false)
        #expect(stale.attempts.map(\.passed) == [false])
        #expect(stale.tampered.isEmpty)
        // Deleting the index (always safe) makes it read the record again.
        try FileManager.default.removeItem(atPath: AttemptIndex.folder(root: root))
        let fresh = RecordSet.unit(me.unit, session: "s", checklist: nil, store: store, attendeesOnly: false)
        #expect(fresh.attempts.map(\.passed) == [true])
        #expect(fresh.tampered == [path])
    }

    /// The unit view reads only the attempts of the session's attendees of the unit (and any record sharing
    /// an id with one of theirs, or superseding one): the standing is the one every record gives.
    @Test func theUnitViewOverItsAttendeesGivesTheStandingOfEveryRecord() throws {
        let (fs, plain) = try Self.hardWorld()
        let months = AttemptIndexTests.months
        func inSession(_ record: AttemptRecord) -> AttemptRecord {
            var record = record
            record.session = "s"
            return record
        }
        let attendees = [Trainee(name: "甲", unit: Self.unit), Trainee(name: "乙", unit: Self.unit), Trainee(name: "周\t八%", unit: Self.unit)]
        // Many colleagues of the unit who did not sign in, and the attendees' own attempts: a pass, a fail
        // regraded to a pass, a copy in another folder, and a conflicting copy that names someone else.
        for n in 0..<60 {
            try plain.save(inSession(TestSupport.attempt(id: "c\(n)", trainee: Trainee(name: "同事\(n)", unit: Self.unit), course: "law", startedAt: months[n % 2])))
        }
        try plain.save(inSession(TestSupport.attempt(id: "a1", trainee: attendees[0], course: "law", startedAt: months[0])))
        try plain.save(inSession(TestSupport.attempt(id: "a2", trainee: attendees[1], course: "law", points: 0, startedAt: months[0])))
        try plain.save(inSession(TestSupport.attempt(id: "a2-r1", trainee: attendees[1], course: "law", points: 1, supersedes: "a2", startedAt: months[1])))
        let copied = inSession(TestSupport.attempt(id: "a3", trainee: attendees[2], course: "redaction", startedAt: months[0]))
        try plain.save(copied)
        fs.put(RecordCodec.encode(copied), at: plain.attemptPath(inSession(TestSupport.attempt(id: "a3", trainee: attendees[2], course: "redaction", startedAt: months[1]))))
        // A conflicting copy of a1 that names someone else, read before a1 (its name sorts first): a full
        // read keeps it and drops a1, so 甲 has passed nothing.
        let impostor = inSession(TestSupport.attempt(id: "a1", trainee: Trainee(name: "同事0", unit: Self.unit), course: "law", points: 0, startedAt: months[0]))
        let impostorPath = plain.attemptPath(impostor).replacingOccurrences(of: "/a1.json", with: "/0-a1.json")
        #expect(impostorPath != plain.attemptPath(impostor))
        fs.put(RecordCodec.encode(impostor), at: impostorPath)
        for (n, trainee) in attendees.enumerated() {
            try plain.save(AttendanceRecord(id: "sign-\(n)", createdAt: TestSupport.fixedEnd, trainee: trainee, session: "s"))
        }
        try plain.save(AttendanceRecord(id: "sign-other", createdAt: TestSupport.fixedEnd, trainee: Trainee(name: "甲", unit: "u1"), session: "s"))

        let store = AttemptIndexTests.indexed(fs)
        let unit = Unit(id: Self.unit, name: Self.unit, expected: 3)
        let session = TrainingSession(id: "s", title: "s", date: try #require(LocalDate(year: 2020, month: 7, day: 8)), courses: ["law", "redaction"])
        let today = try #require(LocalDate(year: 2026, month: 12, day: 4))
        func standing(_ set: RecordSet) -> UnitStanding {
            UnitStanding(
                unit: unit, session: session, attendance: set.attendance, attempts: set.attempts, latestAudit: nil, checklist: nil,
                today: today)
        }
        let every = RecordSet.unit(Self.unit, session: "s", checklist: nil, store: store, attendeesOnly: false)
        let full = Self.fullRead(Self.unit, fileSystem: fs)
        #expect(every.attempts == full.attempts)
        for pass in ["building", "warm"] {
            let few = RecordSet.unit(Self.unit, session: "s", checklist: nil, store: store)
            #expect(standing(few) == standing(every), "\(pass)")
            // The attendees' attempts are those of every record; of the others, only what shares an id.
            let names = Set(attendees.map(\.name))
            #expect(few.attempts.filter { names.contains($0.trainee.name) } == every.attempts.filter { names.contains($0.trainee.name) }, "\(pass)")
            #expect(Set(few.attempts.filter { !names.contains($0.trainee.name) }.map(\.id)).isSubset(of: ["a1"]), "\(pass)")
            #expect(few.attempts.count < every.attempts.count / 10, "\(pass)")
        }
        let best = standing(every).attendees.map { "\($0.name):\($0.passed.sorted())" }
        #expect(best == ["甲:[]", "乙:[\"law\"]", "周\t八%:[\"redaction\"]"])
    }

    /// While no folder changes and the same people signed in, the unit view reads its small view file, not
    /// the unit's history; a new record, a new sign-in or a damaged view file makes it read the unit file again.
    @Test func theUnitViewIsKeptWhileNothingChanges() throws {
        let (fs, plain) = try Self.hardWorld()
        let months = AttemptIndexTests.months
        let me = AttemptIndexTests.me
        try plain.save(AttendanceRecord(id: "sign-me", createdAt: TestSupport.fixedEnd, trainee: me, session: "s"))
        let store = AttemptIndexTests.indexed(fs)
        let index = try #require(store.attemptIndex)
        let unitFile = index.unitPath(Self.unit)
        let viewFile = index.unitViewPath(Self.unit)
        let first = RecordSet.unit(Self.unit, session: "s", checklist: nil, store: store)
        #expect(Set(first.attempts.map(\.trainee.name)) == [me.name])
        #expect(fs.allFiles[viewFile] != nil)
        // Served from the view: the unit file is not even looked at.
        try fs.remove(unitFile)
        let warm = RecordSet.unit(Self.unit, session: "s", checklist: nil, store: store)
        #expect(warm.attempts == first.attempts)
        #expect(fs.allFiles[unitFile] == nil)
        // A record written by another PC: seen at once (its folder changed), the unit file rebuilt.
        try plain.save(TestSupport.attempt(id: "m9", trainee: me, course: "redaction", startedAt: months[1]))
        let after = RecordSet.unit(Self.unit, session: "s", checklist: nil, store: store)
        #expect(after.attempts.map(\.id).sorted() == (first.attempts.map(\.id) + ["m9"]).sorted())
        #expect(fs.allFiles[unitFile] != nil)
        // Someone else signs in: their records are read too.
        try plain.save(AttendanceRecord(id: "sign-wang", createdAt: TestSupport.fixedEnd, trainee: Trainee(name: "王五", unit: Self.unit), session: "s"))
        let two = RecordSet.unit(Self.unit, session: "s", checklist: nil, store: store)
        #expect(Set(two.attempts.map(\.trainee.name)) == [me.name, "王五"])
        #expect(two.tampered.count == 1)
        // A damaged view is read past, and the answer stays the same.
        for damage in ["", "gongkai.attempt-index.unit-view/1\nR\tx\n#\t0\n", String(decoding: fs.allFiles[viewFile]!.dropLast(3), as: UTF8.self)] {
            fs.put(damage, at: viewFile)
            let again = RecordSet.unit(Self.unit, session: "s", checklist: nil, store: store)
            #expect(again.attempts == two.attempts)
            #expect(again.tampered == two.tampered)
        }
        // And all of it is what every record gives for these people.
        let every = RecordSet.unit(Self.unit, session: "s", checklist: nil, store: store, attendeesOnly: false)
        #expect(two.attempts == every.attempts.filter { [me.name, "王五"].contains($0.trainee.name) })
    }
}
