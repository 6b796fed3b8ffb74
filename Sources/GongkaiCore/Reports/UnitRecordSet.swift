extension RecordSet {
    /// What the shell's `unit` view counts for one unit in one session: the unit's own attempts (through
    /// the store's attempt index when it has one), the session's sign-ins and the unit's audit revisions.
    /// `CompletionReport` over this set gives the unit the same standing as over every record.
    ///
    /// Only the attempts of the people who signed in to the session for the unit count towards its
    /// standing (`UnitStanding`): the index passes over everyone else's without decoding them, so the
    /// view costs what the unit's attendees did, not what the unit did over the years.
    /// `attendeesOnly: false`: every attempt of the unit (as a full read of its records gives them).
    public static func unit(_ unit: String, session: String, checklist: String?, store: ResultStore, attendeesOnly: Bool = true) -> RecordSet {
        var set = RecordSet()
        let attendance = store.attendance(session: session)
        set.attendance = attendance.records.map(\.record)
        set.absorbScan(attendance)
        let attendees = Set(set.attendance.filter { $0.session == session && $0.trainee.unit == unit }.map(\.trainee.name))
        if var indexed = store.attemptIndex?.unitRecords(unit, courseFolders: nil, people: attendeesOnly ? attendees : nil) {
            // In path order, as a full read goes (the index gives them so, but for names it had to escape).
            if zip(indexed, indexed.dropFirst()).contains(where: { $0.path > $1.path }) { indexed.sort { $0.path < $1.path } }
            // What the index took from each record at its reading (the reports' own reading: fields scanned,
            // digest checked); a record it could not summarize is read now, and explained as a full read would.
            let loader = AttemptLoader(fileSystem: store.fileSystem)
            let unsummarized = indexed.filter { $0.summary == nil }.map(\.path)
            var read: [String: Result<IndexedSummary, SkippedRecord>] = [:]
            for (path, outcome) in zip(unsummarized, ParallelMap.map(unsummarized, chunk: 32, { loader.summarize($0, withItems: false) })) {
                read[path] = outcome.map { IndexedSummary(summary: $0.summary, integrity: $0.integrity) }
            }
            // Id → where its first reading is in `attempts` (no copy of the summary).
            var seen: [String: Int] = [:]
            seen.reserveCapacity(indexed.count)
            set.attempts.reserveCapacity(indexed.count)
            for record in indexed {
                let outcome: Result<IndexedSummary, SkippedRecord> = record.summary.map { .success($0) } ?? read[record.path]!
                switch outcome {
                case .success(let entry):
                    guard entry.summary.trainee.unit == unit else { continue }
                    if let earlier = seen[entry.summary.id] {
                        set.duplicates += 1
                        if set.attempts[earlier] != entry.summary { set.conflicts.append(record.path) }
                        continue
                    }
                    seen[entry.summary.id] = set.attempts.count
                    set.attempts.append(entry.summary)
                    if entry.integrity == .mismatch { set.tampered.append(record.path) }
                    if entry.integrity == .missing { set.undigested.append(record.path) }
                case .failure(let skipped):
                    set.skipped.append(skipped)
                }
            }
            let replaced = Set(set.attempts.compactMap(\.supersedes))
            if !replaced.isEmpty { set.attempts.removeAll { replaced.contains($0.id) } }
        } else {
            let attempts = store.attempts(unit: unit)
            let replaced = Set(attempts.records.compactMap(\.record.supersedes))
            set.attempts = attempts.records.filter { !replaced.contains($0.record.id) }.map { AttemptSummary($0.record) }
            set.absorbScan(attempts)
        }
        if let checklist {
            let audits = store.audits(checklist: checklist, unit: unit)
            set.audits = audits.records.map(\.record)
            set.absorbScan(audits)
        }
        return set
    }

    mutating func absorbScan<R>(_ scan: ScanResult<R>) {
        skipped += scan.skipped
        duplicates += scan.duplicates
        conflicts += scan.conflicts
        tampered += scan.records.filter { $0.integrity == .mismatch }.map(\.path)
        undigested += scan.records.filter { $0.integrity == .missing }.map(\.path)
    }
}
