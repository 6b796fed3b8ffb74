import Foundation
import GongkaiCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Promise 1 (and 9 on the stress side): SIGKILL at random moments during
/// scripted quizzes and audits, driven through a pipe or a pseudo-terminal,
/// then restart and `resume`/`audit` to finish. Afterwards every `*.json`
/// under `Results/` parses and verifies, no answer the shell had acknowledged
/// is lost, and the reports read every record.
///
/// `make test` runs 3 scenarios (one kill each); `make stress` sets
/// GONGKAI_STRESS_CRASH_SCENARIOS (≥ 200) and GONGKAI_STRESS_CRASH_MAX_KILLS.
/// An answer counts as acknowledged once the shell has shown the next prompt
/// after it (the shell saves before it asks again).
@Suite("Crash: SIGKILL at random moments", .serialized)
struct CrashTests {
    enum Kind: String { case quiz, audit }

    /// What one trainee has typed, and which of it the shell has acknowledged.
    final class Scenario {
        let index: Int
        let kind: Kind
        let usesTerminal: Bool
        let trainee: Trainee
        let unitName: String
        /// Quiz: answer typed at each position (0-based), fixed once typed.
        var typed: [Int: String] = [:]
        var acked: Set<Int> = []
        /// Audit: field values typed, and acknowledged, per item.
        var fieldsAcked: Set<AuditField> = []
        var submittedSeen = false
        var random: StressRandom
        /// This run's kill: after the `killStep`-th line typed (0: while starting), `jitter` seconds later.
        var killStep: Int?
        var jitter = 0.0
        var timer: KillTimer?
        var pid: pid_t = 0
        var inputs = 0
        /// What happened, for the message when something is lost.
        var log: [String] = []

        /// Types a line; arms the kill when this is the planned moment.
        func input(_ shell: DrivenShell, _ text: String) throws {
            try shell.line(text)
            inputs += 1
            log.append("typed \(text.prefix(12))")
            if inputs == killStep { arm() }
        }

        func arm() {
            if timer == nil, killStep != nil { timer = KillTimer(pid: pid, after: jitter) }
        }

        /// Lines still to type, roughly: where a kill can land.
        var stepsLeft: Int {
            switch kind {
            case .quiz: return 4 + 7 - acked.count
            case .audit: return 4 + 13 - fieldsAcked.count
            }
        }

        init(index: Int, kind: Kind, usesTerminal: Bool, seed: UInt64) {
            self.index = index
            self.kind = kind
            self.usesTerminal = usesTerminal
            trainee = Trainee(name: String(format: "学员%04d", index), unit: StressCourses.unitID(index))
            unitName = StressCourses.unitName(index)
            random = StressRandom(seed: seed &+ UInt64(index) &* 7919)
        }

        var prompt: String { "\(trainee.name)@\(unitName)> " }
    }

    struct AuditField: Hashable { var item: Int, field: String }

    /// The audit every scenario fills in: item 1 meets (evidence), item 2 fails (rectification), item 3 n/a.
    static func intended(_ s: Scenario, item: Int, field: String) -> String {
        switch (item, field) {
        case (0, "status"): return "1"
        case (1, "status"): return "2"
        case (2, "status"): return "3"
        case (_, "note"): return "备注\(s.index)-\(item + 1)"
        case (_, "evidence"): return "http://example.gov.cn/\(s.index)/\(item + 1)"
        case (_, "action"): return "整改措施\(s.index)"
        case (_, "owner"): return "责任人\(s.index)"
        case (_, "deadline"): return "+30"
        default: return ""
        }
    }

    static let statusValue = ["1": AuditStatus.pass, "2": .fail, "3": .notApplicable]

    /// Figures gathered over the whole run.
    struct Tally {
        var runs = 0, kills = 0, killedWhileIdle = 0, killedBeforeAnAnswer = 0, killedMidWay = 0, terminalRuns = 0, pipeRuns = 0
        var ackedChecked = 0, lost: [String] = [], stale: [String] = [], driverErrors: [String] = []
    }

    /// One entry per lost field (a loss is seen again at every later check).
    static func distinct(_ losses: [String]) -> [String] {
        var seen: Set<String> = []
        return losses.filter { seen.insert(String($0.prefix { $0 != ":" })).inserted }
    }

    @Test("SIGKILL at random moments during scripted quizzes and audits loses nothing and leaves every record readable")
    func killAtRandomMoments() throws {
        let scenarioCount = Stress.count("GONGKAI_STRESS_CRASH_SCENARIOS", default: 3)
        let maxKills = Stress.count("GONGKAI_STRESS_CRASH_MAX_KILLS", default: 1)
        let seed = Stress.seed()
        let started = Clock.now
        let box = Sandbox()
        let courses = try StressCourses.make(in: box, units: scenarioCount)
        let store = ResultStore(root: box.results, fileSystem: LocalFileSystem())
        let arguments = ["--courses", courses, "--results", box.results, "--seed", String(seed % 1000)]

        var tally = Tally()
        var random = StressRandom(seed: seed)
        var scenarios: [Scenario] = []
        for index in 1...scenarioCount {
            let kind: Kind = index % 3 == 0 ? .audit : .quiz
            let scenario = Scenario(index: index, kind: kind, usesTerminal: index % 4 == 2, seed: seed)
            scenarios.append(scenario)
            let kills = 1 + Int(random.next() % UInt64(max(1, maxKills)))
            for _ in 0..<kills {
                // Once the record is saved there is nothing left to interrupt.
                let done = kind == .quiz
                    ? !store.attempts(of: scenario.trainee, course: "sample").isEmpty && store.loadProgress(trainee: scenario.trainee, name: "sample") == nil
                    : !store.audits(checklist: "column-self-audit", unit: scenario.trainee.unit).records.isEmpty
                        && store.loadDraft(unit: scenario.trainee.unit, checklist: "column-self-audit") == nil
                if done { break }
                // Any line of the session, a few milliseconds after it was typed (while the
                // shell parses, saves and answers), or during start-up, or after the end.
                let step = Int(random.next() % UInt64(scenario.stepsLeft + 2))
                let jitter = step == 0 ? random.unit() * 0.3 : random.unit() * 0.008
                try run(scenario, box: box, arguments: arguments, store: store, kill: (step, jitter), tally: &tally)
                check(scenario, store: store, tally: &tally, final: false)
            }
            // Restart and finish: resume the quiz or continue the audit.
            try run(scenario, box: box, arguments: arguments, store: store, kill: nil, tally: &tally)
            check(scenario, store: store, tally: &tally, final: true)
            if index % 20 == 0 { Stress.progress("crash: \(index)/\(scenarioCount) scenarios, \(tally.kills) kills, \(Int(Clock.now - started)) s") }
        }

        tally.lost = Self.distinct(tally.lost)
        tally.stale = Self.distinct(tally.stale)
        // Every file readable and untouched; the reports read every record.
        let files = ResultsAudit.of(box.results)
        let quizScenarios = scenarios.filter { $0.kind == .quiz }
        let auditScenarios = scenarios.filter { $0.kind == .audit }
        var duplicates: [String] = []
        for s in quizScenarios {
            let mine = store.attempts(of: s.trainee, course: "sample")
            if mine.count != 1 { duplicates.append("\(s.trainee.name): \(mine.count) attempts") }
        }
        for s in auditScenarios {
            let revisions = store.audits(checklist: "column-self-audit", unit: s.trainee.unit).records
            if revisions.count != 1 { duplicates.append("\(s.trainee.unit): \(revisions.count) revisions") }
        }
        let signIns = store.attendance(session: StressCourses.session).records.map(\.record.trainee)
        for s in scenarios where signIns.filter({ $0 == s.trainee }).count != 1 {
            duplicates.append("\(s.trainee.name): \(signIns.filter { $0 == s.trainee }.count) sign-ins")
        }
        let completion = try ReportCheck.run(box, kind: "completion", courses: courses, results: box.results, strict: true)
        let scores = try ReportCheck.run(box, kind: "scores", courses: courses, results: box.results, strict: true)
        let attendance = try ReportCheck.run(box, kind: "attendance", courses: courses, results: box.results, strict: true)
        let attemptFiles = files.bySchema["gongkai.attempt/1"] ?? 0
        let revisionFiles = files.bySchema["gongkai.audit/1"] ?? 0
        let attendanceFiles = files.bySchema["gongkai.attendance/1"] ?? 0

        Stress.figure("crash.scenarios", scenarioCount)
        Stress.figure("crash.quiz_scenarios", quizScenarios.count)
        Stress.figure("crash.audit_scenarios", auditScenarios.count)
        Stress.figure("crash.runs", tally.runs)
        Stress.figure("crash.terminal_runs", tally.terminalRuns)
        Stress.figure("crash.pipe_runs", tally.pipeRuns)
        Stress.figure("crash.kills", tally.kills)
        Stress.figure("crash.kills_before_an_answer", tally.killedBeforeAnAnswer)
        Stress.figure("crash.kills_mid_session", tally.killedMidWay)
        Stress.figure("crash.kills_after_finishing", tally.killedWhileIdle)
        Stress.figure("crash.acked_answers_checked", tally.ackedChecked)
        Stress.figure("crash.lost_answers", tally.lost.count)
        let rectification = tally.lost.filter { $0.contains(" action: ") || $0.contains(" owner: ") }.count
        Stress.figure("crash.lost_answers_audit_rectification", rectification)
        Stress.figure("crash.lost_answers_other", tally.lost.count - rectification)
        Stress.figure("crash.json_files", files.jsonFiles)
        Stress.figure("crash.unreadable_files", files.unreadable.count)
        Stress.figure("crash.tampered_files", files.tampered.count)
        Stress.figure("crash.undigested_files", files.undigested.count)
        Stress.figure("crash.leftover_temp_files", files.leftoverTemp.count)
        if !files.leftoverTemp.isEmpty { Stress.progress("temporary files left by killed writers, e.g. \(files.leftoverTemp.prefix(3))") }
        Stress.figure("crash.stale_progress_after_save", tally.stale.count)
        Stress.figure("crash.duplicate_records", duplicates.count)
        Stress.figure("crash.attempt_files", attemptFiles)
        Stress.figure("crash.report_scores_attempts", scores.totals("attempts") ?? -1)
        Stress.figure("crash.report_attendance_signed_in", attendance.totals("signedIn") ?? -1)
        Stress.figure("crash.report_strict_exit", max(completion.status, scores.status, attendance.status))
        Stress.figure("crash.report_skipped", completion.skipped ?? -1)
        Stress.figure("crash.report_tampered", completion.tampered?.count ?? -1)
        Stress.figure("crash.driver_errors", tally.driverErrors.count)
        Stress.figure("crash.seconds", Int(Clock.now - started))

        #expect(tally.kills >= scenarioCount, "every scenario is killed at least once")
        #expect(tally.driverErrors.isEmpty, "\(tally.driverErrors.prefix(3))")
        // Two findings depend on where a kill lands, so the small run in `make test` only counts
        // them (AnswerRetentionTests shows the first deterministically); `make stress` asserts them:
        // rectification fields typed before the deadline, and a record stored twice after a kill
        // between saving it and removing its autosave. (An autosave left behind is only counted:
        // resuming it is how the shell recovers.)
        let rectificationLost = tally.lost.filter { $0.contains(" action: ") || $0.contains(" owner: ") }
        #expect(tally.lost.count - rectificationLost.count == 0, "answers lost: \(tally.lost.prefix(10))")
        if Stress.isStressRun {
            #expect(rectificationLost.isEmpty, "rectification fields lost: \(rectificationLost.prefix(10))")
        }
        #expect(files.unreadable.isEmpty, "\(files.unreadable.prefix(10))")
        #expect(files.tampered.isEmpty, "\(files.tampered.prefix(10))")
        #expect(files.undigested.isEmpty, "\(files.undigested.prefix(10))")
        if Stress.isStressRun { #expect(duplicates.isEmpty, "\(duplicates.prefix(10))") }
        #expect(attemptFiles == quizScenarios.count || (!Stress.isStressRun && !duplicates.isEmpty), "\(files)")
        #expect(revisionFiles == auditScenarios.count || (!Stress.isStressRun && !duplicates.isEmpty), "\(files)")
        #expect(attendanceFiles == scenarioCount, "\(files)")
        #expect(completion.status == 0, "report completion --strict: \(completion.stderr)")
        #expect(completion.skipped == 0 && completion.tampered == [], "\(completion.stderr)")
        #expect(scores.status == 0 && scores.totals("attempts") == attemptFiles, "\(scores.stderr)")
        #expect(attendance.status == 0 && attendance.totals("signedIn") == attendanceFiles, "\(attendance.stderr)")
    }

    // MARK: One run of the binary

    /// Starts the shell for `s`, drives it from whatever state the files are in,
    /// and either kills it at the planned step or finishes and quits.
    func run(_ s: Scenario, box: Sandbox, arguments: [String], store: ResultStore, kill: (step: Int, jitter: Double)?, tally: inout Tally) throws {
        tally.runs += 1
        s.log.append("run (kill at step \(kill.map { String($0.step) } ?? "-"))")
        let shell: DrivenShell
        if s.usesTerminal {
            shell = try box.terminal(arguments, label: "\(s.trainee.name) terminal")
            tally.terminalRuns += 1
        } else {
            shell = try box.pipeSession(arguments, label: "\(s.trainee.name) pipe")
            tally.pipeRuns += 1
        }
        let ackedBefore = s.acked.count + s.fieldsAcked.count
        s.pid = shell.pid
        s.inputs = 0
        s.timer = nil
        s.killStep = kill?.step
        s.jitter = kill?.jitter ?? 0
        if kill?.step == 0 { s.arm() }
        var driveError: Error?
        var finished = false
        do {
            try drive(s, shell, store: store)
            finished = true
            if kill == nil {
                try shell.line("quit")
                try shell.waitFor("再见。")
            } else {
                // The planned moment was after the last line: the signal comes while the shell waits at its prompt.
                s.arm()
                shell.waitForEnd(timeout: 10)
            }
        } catch {
            driveError = error
        }
        // (Never armed means the script stopped early: waitForExit ends the run, and it counts as a driver error.)
        let fired = s.timer?.cancel() ?? false
        s.timer = nil
        s.killStep = nil
        let status = try shell.waitForExit(timeout: 20)
        if kill != nil {
            if status == 128 + SIGKILL, fired {
                tally.kills += 1
                if finished {
                    tally.killedWhileIdle += 1
                } else if s.acked.count + s.fieldsAcked.count == ackedBefore {
                    tally.killedBeforeAnAnswer += 1
                } else {
                    tally.killedMidWay += 1
                }
            } else {
                tally.driverErrors.append("\(s.trainee.name): ended with \(status) before the kill: \(String(describing: driveError).suffix(1500))")
            }
            if let driveError, !"\(driveError)".contains("the program ended") {
                tally.driverErrors.append("\(s.trainee.name): \(String("\(driveError)".suffix(2000)))")
            }
        } else {
            if let driveError { throw driveError }
            #expect(status == 0, "\(s.trainee.name): exit status \(status)")
        }
    }

    /// Signs in, then continues the quiz or audit from the state on disk.
    func drive(_ s: Scenario, _ shell: DrivenShell, store: ResultStore) throws {
        try shell.waitFor("gongkai> ")
        try s.input(shell, "login \(s.trainee.name) --unit \(s.trainee.unit) --session \(StressCourses.session)")
        try shell.waitFor(s.prompt)
        switch s.kind {
        case .quiz:
            // An autosave left next to a stored attempt (a kill between the two) is resumed, as a
            // trainee told "unfinished quiz" would: submitting it again must not store it twice.
            let stored = !store.attempts(of: s.trainee, course: "sample").isEmpty
            let hasProgress = store.loadProgress(trainee: s.trainee, name: "sample") != nil
            if stored, !hasProgress { return }
            try s.input(shell, hasProgress ? "resume" : "quiz sample")
            try driveQuiz(s, shell)
        case .audit:
            let stored = !store.audits(checklist: "column-self-audit", unit: s.trainee.unit).records.isEmpty
            let hasDraft = store.loadDraft(unit: s.trainee.unit, checklist: "column-self-audit") != nil
            if stored, !hasDraft { return }
            try s.input(shell, "audit")
            try driveAudit(s, shell)
        }
    }

    func driveQuiz(_ s: Scenario, _ shell: DrivenShell) throws {
        var pending: Int?
        var current: ShownQuestion?
        var triedInvalid: Set<Int> = []
        for _ in 0..<200 {
            let (needle, text) = try shell.expectAny(["答案> ", "确认交卷吗？", "回车交卷，quit 暂停："])
            if let p = pending {
                s.acked.insert(p)
                s.log.append("ack q\(p + 1)")
                pending = nil
            }
            switch needle {
            case "答案> ":
                if let shown = QuizScreen.current(in: text) { current = shown }
                s.log.append("prompt shows q\(current?.number ?? 0)")
                guard let q = current else { throw shell.failure("no question on screen") }
                let position = q.number - 1
                if !triedInvalid.contains(position), s.random.unit() < 0.2 {
                    triedInvalid.insert(position)
                    try s.input(shell, GenericAnswer.invalid(for: q, &s.random))
                    continue
                }
                let answer = s.typed[position] ?? GenericAnswer.valid(for: q, &s.random)
                s.typed[position] = answer
                try s.input(shell, answer)
                pending = position
            case "回车交卷，quit 暂停：":
                // Only if an answer went missing; submit anyway and let the checks say so.
                try s.input(shell, "")
                try shell.waitFor("[y/N] ")
                try s.input(shell, "y")
                try shell.waitFor("测验结果")
                s.submittedSeen = true
                try shell.waitFor(s.prompt)
                return
            default:
                try shell.waitFor("[Y/n] ")
                try s.input(shell, "y")
                try shell.waitFor("测验结果")
                s.submittedSeen = true
                try shell.waitFor(s.prompt)
                return
            }
        }
        throw shell.failure("the shell kept asking: more than 200 prompts")
    }

    func driveAudit(_ s: Scenario, _ shell: DrivenShell) throws {
        var item = 0
        var pending: AuditField?
        // Whole prompts, so that text in the summary (…责任人 王五…) is never taken for one.
        let needles = [
            "继续填写吗？", "3 不适用）> ", "3 不适用）［回车保留", "备注（可留空）> ", "备注（可留空）［回车保留", "佐证（必填", "佐证（可留空",
            "整改措施> ", "整改措施［回车保留", "责任人> ", "责任人［回车保留",
            "完成期限（", "接着修改这一项吗？", "这项整改已完成吗？", "save 保存，quit 暂停> ", "保存为新的自查修订记录吗？", "自查表已保存",
        ]
        for _ in 0..<200 {
            let (needle, text) = try shell.expectAny(needles)
            if let p = pending {
                s.fieldsAcked.insert(p)
                pending = nil
            }
            if let n = Self.lastItemNumber(in: text) { item = n - 1 }
            func answer(_ field: String) throws {
                if !text.hasSuffix("> ") { try shell.waitFor("> ") }
                try s.input(shell, Self.intended(s, item: item, field: field))
                pending = AuditField(item: item, field: field)
            }
            switch needle {
            case "继续填写吗？":
                try shell.waitFor("] ")
                try s.input(shell, "y")
            case "3 不适用）> ", "3 不适用）［回车保留": try answer("status")
            case "备注（可留空）> ", "备注（可留空）［回车保留": try answer("note")
            case "佐证（必填", "佐证（可留空": try answer("evidence")
            case "整改措施> ", "整改措施［回车保留": try answer("action")
            case "责任人> ", "责任人［回车保留": try answer("owner")
            case "完成期限（": try answer("deadline")
            case "接着修改这一项吗？":
                // An item edit the kill interrupted: continue it (what was typed is kept).
                try shell.waitFor("] ")
                try s.input(shell, "y")
            case "这项整改已完成吗？":
                try shell.waitFor("] ")
                try s.input(shell, "n")
            case "save 保存，quit 暂停> ":
                try s.input(shell, "save")
            case "保存为新的自查修订记录吗？":
                try shell.waitFor("] ")
                try s.input(shell, "y")
            default:
                s.submittedSeen = true
                try shell.waitFor(s.prompt)
                return
            }
        }
        throw shell.failure("the shell kept asking: more than 200 prompts")
    }

    /// The number in the last `第 N/3 项` header of `text`.
    static func lastItemNumber(in text: String) -> Int? {
        guard let header = text.range(of: "第 ", options: .backwards) else { return nil }
        let rest = text[header.upperBound...]
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, rest.dropFirst(digits.count).hasPrefix("/3 项") else { return nil }
        return Int(digits)
    }

    // MARK: Checking what is on disk

    func check(_ s: Scenario, store: ResultStore, tally: inout Tally, final: Bool) {
        switch s.kind {
        case .quiz: checkQuiz(s, store: store, tally: &tally, final: final)
        case .audit: checkAudit(s, store: store, tally: &tally, final: final)
        }
    }

    func checkQuiz(_ s: Scenario, store: ResultStore, tally: inout Tally, final: Bool) {
        let attempts = store.attempts(of: s.trainee, course: "sample")
        let progress = store.loadProgress(trainee: s.trainee, name: "sample")
        let answers: [Int: String?]
        if let attempt = attempts.first {
            answers = Dictionary(uniqueKeysWithValues: attempt.items.enumerated().map { ($0.offset, $0.element.raw) })
            if progress != nil { tally.stale.append("\(s.trainee.name): attempt saved, autosave still there") }
        } else if case .success(let saved)? = progress {
            answers = Dictionary(uniqueKeysWithValues: saved.items.enumerated().map { ($0.offset, $0.element.raw) })
            if s.submittedSeen { tally.lost.append("\(s.trainee.name): results were shown but no attempt is stored") }
        } else {
            if case .failure(let problem)? = progress { tally.lost.append("\(s.trainee.name): autosave unreadable: \(problem)") }
            answers = [:]
        }
        if final, attempts.isEmpty { tally.lost.append("\(s.trainee.name): no attempt after finishing") }
        for position in s.acked.sorted() {
            tally.ackedChecked += 1
            let stored = answers[position] ?? nil
            if stored != s.typed[position] {
                tally.lost.append("\(s.trainee.name) q\(position + 1): typed \(s.typed[position] ?? "?"), stored \(stored ?? "nothing"); \(s.log.joined(separator: " | "))")
            }
        }
        // An answer typed but not yet acknowledged may be stored or not, but never as something else.
        for (position, typed) in s.typed where !s.acked.contains(position) {
            if let stored = answers[position] ?? nil, stored != typed {
                tally.lost.append("\(s.trainee.name) q\(position + 1): typed \(typed), stored \(stored); \(s.log.joined(separator: " | "))")
            }
        }
    }

    func checkAudit(_ s: Scenario, store: ResultStore, tally: inout Tally, final: Bool) {
        let revisions = store.audits(checklist: "column-self-audit", unit: s.trainee.unit).records.map(\.record)
        let draft = store.loadDraft(unit: s.trainee.unit, checklist: "column-self-audit")
        let entries: [AuditEntry]
        if let revision = revisions.first {
            entries = revision.entries
            if draft != nil { tally.stale.append("\(s.trainee.unit): revision saved, draft still there") }
        } else if case .success(let saved)? = draft {
            // Fields typed into an item not yet committed wait in the draft's pending edit.
            entries = saved.entries.indices.map(saved.typed)
            if s.submittedSeen { tally.lost.append("\(s.trainee.unit): 已保存 was shown but no revision is stored") }
        } else {
            if case .failure(let problem)? = draft { tally.lost.append("\(s.trainee.unit): draft unreadable: \(problem)") }
            entries = []
        }
        if final, revisions.isEmpty { tally.lost.append("\(s.trainee.unit): no revision after finishing") }
        let everything: [(Int, [String])] = [(0, ["status", "note", "evidence"]), (1, ["status", "note", "evidence", "action", "owner", "deadline"]), (2, ["status", "note"])]
        let fields = final ? Set(everything.flatMap { item, names in names.map { AuditField(item: item, field: $0) } }).union(s.fieldsAcked) : s.fieldsAcked
        for field in fields.sorted(by: { ($0.item, $0.field) < ($1.item, $1.field) }) {
            tally.ackedChecked += 1
            let entry = field.item < entries.count ? entries[field.item] : nil
            let want = Self.intended(s, item: field.item, field: field.field)
            let ok: Bool
            switch field.field {
            case "status": ok = entry?.status == Self.statusValue[want]
            case "note": ok = entry?.note == want
            case "evidence": ok = entry?.evidence == want
            case "action": ok = entry?.rectification?.action == want
            case "owner": ok = entry?.rectification?.owner == want
            case "deadline": ok = entry?.rectification != nil
            default: ok = true
            }
            if !ok {
                tally.lost.append("\(s.trainee.unit) item \(field.item + 1) \(field.field): typed \(want), stored \(String(describing: entry))")
            }
        }
    }
}
