/// Classical item analysis over stored attempts: how often each question was
/// answered, its facility (share fully correct), its discrimination (correlation
/// of the item score with the rest-of-test score) and the most chosen wrong answer.
public struct ItemStatistics: Sendable, Equatable {
    public enum Flag: String, Sendable, CaseIterable {
        case tooHard, tooEasy, negativeDiscrimination
    }

    public var course: String
    public var question: String
    public var answered: Int
    public var facility: Double?
    public var discrimination: Double?
    public var commonWrong: String?
    public var commonWrongCount: Int
    public var flags: [Flag]

    /// Flags need at least this many answers to mean anything.
    public static let minimumForFlags = 5

    public static func compute(course: String, question: String, attempts: [AttemptSummary]) -> ItemStatistics {
        compute(course: course, questions: [question], attempts: attempts)[0]
    }

    /// Every question of `questions` in one pass over the attempts: at province scale
    /// a pass per question was tens of millions of string comparisons. Each question
    /// sees exactly what it would alone, summed in the same order, so the figures
    /// are the same to the last bit.
    public static func compute(course: String, questions: [String], attempts: [AttemptSummary]) -> [ItemStatistics] {
        var position: [String: Int] = [:]
        for (index, question) in questions.enumerated() where position[question] == nil { position[question] = index }
        var scores = [[Double]](repeating: [], count: questions.count)
        var rests = [[Double]](repeating: [], count: questions.count)
        var correct = [Int](repeating: 0, count: questions.count)
        var wrongCounts = [[String: Int]](repeating: [:], count: questions.count)
        var slots: [Int] = []
        for attempt in attempts where attempt.course == course {
            let items = attempt.items
            // Each item's question as a number (-1: not asked about), compared below instead of ids.
            slots.removeAll(keepingCapacity: true)
            for item in items { slots.append(position[item.question] ?? -1) }
            for (index, item) in items.enumerated() {
                let q = slots[index]
                // A question is judged by its first item in the attempt; the rest of the test is every other question's.
                guard q >= 0, !slots[..<index].contains(q), item.max > 0 else { continue }
                scores[q].append(item.points / item.max)
                var restPoints = 0.0, restMax = 0.0
                for (other, otherSlot) in zip(items, slots) where otherSlot != q {
                    restPoints += other.points
                    restMax += other.max
                }
                rests[q].append(restMax > 0 ? restPoints / restMax : 0)
                if item.isCorrect {
                    correct[q] += 1
                } else if let response = item.response {
                    wrongCounts[q][response, default: 0] += 1
                }
            }
        }
        return questions.indices.map { index in
            // A question listed twice is analysed (identically) at each place.
            let q = position[questions[index]]!
            let n = scores[q].count
            let facility = n > 0 ? Double(correct[q]) / Double(n) : nil
            let discrimination = pearson(scores[q], rests[q])
            let wrong = wrongCounts[q].max { ($0.value, $1.key) < ($1.value, $0.key) }
            return judged(
                course: course, question: questions[index], answered: n, facility: facility, discrimination: discrimination,
                commonWrong: wrong?.key, commonWrongCount: wrong?.value ?? 0)
        }
    }

    /// The figures with their flags (one rule for the in-memory and the streamed analysis).
    static func judged(
        course: String, question: String, answered n: Int, facility: Double?, discrimination: Double?, commonWrong: String?,
        commonWrongCount: Int
    ) -> ItemStatistics {
        var flags: [Flag] = []
        if n >= minimumForFlags, let facility {
            if facility < 0.2 { flags.append(.tooHard) }
            if facility > 0.95 { flags.append(.tooEasy) }
        }
        if n >= minimumForFlags, let discrimination, discrimination < 0 { flags.append(.negativeDiscrimination) }
        return ItemStatistics(
            course: course, question: question, answered: n, facility: facility, discrimination: discrimination,
            commonWrong: commonWrong, commonWrongCount: commonWrongCount, flags: flags)
    }

    /// Pearson correlation; nil when undefined (fewer than 3 pairs or no variance).
    public static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
        let n = Double(x.count)
        guard x.count == y.count, x.count >= 3 else { return nil }
        let mx = x.reduce(0, +) / n
        let my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (a, b) in zip(x, y) {
            sxy += (a - mx) * (b - my)
            sxx += (a - mx) * (a - mx)
            syy += (b - my) * (b - my)
        }
        guard sxx > 1e-12, syy > 1e-12 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }
}

public enum ItemsReport {
    /// The report from the summaries held in `ctx.records.attempts` (the array path).
    public static func build(_ ctx: ReportContext) -> Report {
        let session = ctx.filter.session.flatMap { ctx.roster.session(id: $0) }
        let report = ctx.header(.items, session: session)
        // Which attempts count, as one byte each: no filtered copy of a province's summaries.
        let all = ctx.records.attempts
        let sessionID = ctx.filter.session
        let counted = ParallelMap.map(Array(stride(from: 0, to: all.count, by: 16384)), chunk: 1) { start -> [Bool] in
            (start..<min(start + 16384, all.count)).map { ctx.counts(all[$0], session: sessionID) }
        }.flatMap { $0 }
        var perCourse: [String: Int] = [:]
        for index in all.indices where counted[index] { perCourse[all[index].course, default: 0] += 1 }
        // Items are summed while they are read (see `ItemTally`): from the records again when the
        // summaries were loaded without them (`RecordSet.itemSource`), else from the summaries.
        let tally = ctx.records.itemSource?.tally(counted: counted, attempts: all)
            ?? ItemTally(all.indices.filter { counted[$0] }.map { all[$0] })
        return render(ctx, report: report, session: session, perCourse: perCourse, tally: tally)
    }

    /// What a streamed `report items` keeps (`StreamedReport`): counted attempts per course and the
    /// items' tally, summed a batch at a time; never a summary.
    public struct Aggregate: Sendable {
        var perCourse: [String: Int] = [:]
        var tally = ItemTally()
        /// Summaries seen so far (counted or not): the order `ItemTally` notes first mentions by.
        var seen = 0

        public init() {}

        /// Adds a batch of summaries (the stream's order), those that `counts` keeps.
        public mutating func add(_ batch: [AttemptSummary], counts: @Sendable @escaping (AttemptSummary) -> Bool) {
            let base = seen
            let stretch = 2048
            let parts = ParallelMap.map(Array(stride(from: 0, to: batch.count, by: stretch)), chunk: 1) { start -> ([String: Int], ItemTally) in
                var perCourse: [String: Int] = [:]
                var tally = ItemTally()
                for index in start..<min(start + stretch, batch.count) where counts(batch[index]) {
                    perCourse[batch[index].course, default: 0] += 1
                    tally.add(batch[index], order: base + index)
                }
                return (perCourse, tally)
            }
            for (counted, part) in parts {
                perCourse.merge(counted, uniquingKeysWith: +)
                tally.merge(part)
            }
            seen += batch.count
        }
    }

    /// The report from a streamed aggregate (`ctx.records` then holds no attempts).
    public static func build(_ ctx: ReportContext, aggregate: Aggregate) -> Report {
        let session = ctx.filter.session.flatMap { ctx.roster.session(id: $0) }
        let report = ctx.header(.items, session: session)
        return render(ctx, report: report, session: session, perCourse: aggregate.perCourse, tally: aggregate.tally)
    }

    static func render(_ ctx: ReportContext, report: Report, session: TrainingSession?, perCourse: [String: Int], tally: ItemTally) -> Report {
        let t = ctx.t
        var report = report
        let attemptCount = perCourse.values.reduce(0, +)
        var courseIDs = ctx.library.courses.map(\.id).filter { perCourse[$0] != nil || ctx.filter.course == $0 }
        courseIDs += perCourse.keys.filter { !courseIDs.contains($0) }.sorted()
        if let wanted = ctx.filter.course { courseIDs = courseIDs.filter { $0 == wanted } }
        var rows: [[Report.Cell]] = []
        var bars: [Report.BarChart.Bar] = []
        var json: [JSONValue] = []
        var flagged = 0
        let library = ctx.library
        let analysed = courseIDs.map { courseID -> [ItemStatistics] in
            var questionIDs = library.course(id: courseID)?.questions.map(\.id) ?? []
            var known = Set(questionIDs)
            for question in tally.questionsSeen(course: courseID) where known.insert(question).inserted { questionIDs.append(question) }
            return tally.statistics(course: courseID, questions: questionIDs)
        }
        var analysedCount = 0
        for (courseID, statistics) in zip(courseIDs, analysed) {
            let course = ctx.library.course(id: courseID)
            for stats in statistics {
                let questionID = stats.question
                let question = course?.question(id: questionID)
                if stats.answered > 0 { analysedCount += 1 }
                if !stats.flags.isEmpty { flagged += 1 }
                let wrongText = stats.commonWrong.map { describe($0, question: question, language: ctx.language) }
                let wrongShare = Percentage.rate(stats.commonWrongCount, of: stats.answered)
                let hints = stats.flags.map { t(ReportText.flagHint($0)) }
                let tone: Report.Tone = stats.flags.isEmpty ? .plain : .bad
                rows.append([
                    Report.Cell(course?.title ?? courseID), Report.Cell(questionID),
                    Report.Cell(question.map { DisplayWidth.truncate($0.prompt.replacingNewlines, to: 40) } ?? t(ReportText.questionRemoved), question == nil ? .muted : .plain),
                    .number(stats.answered), .percent(stats.facility.map { Percentage.rounded($0 * 100) }, tone),
                    .number(stats.discrimination.map { Percentage.rounded($0, decimals: 2) }, stats.flags.contains(.negativeDiscrimination) ? .bad : .plain),
                    Report.Cell(wrongText.map { "\($0) (\(Percentage.text(wrongShare)))" } ?? "—"),
                    Report.Cell(hints.joined(separator: " "), .bad),
                ])
                if let facility = stats.facility {
                    bars.append(.init(label: questionID, value: facility * 100, note: Percentage.text(Percentage.rounded(facility * 100)), tone: stats.flags.isEmpty ? .good : .bad))
                }
                json.append([
                    "course": .string(courseID), "question": .string(questionID), "answered": .int(stats.answered),
                    "facility": stats.facility.map { .number(Percentage.rounded($0, decimals: 3)) } ?? .null,
                    "discrimination": stats.discrimination.map { .number(Percentage.rounded($0, decimals: 3)) } ?? .null,
                    "commonWrongAnswer": .optional(stats.commonWrong), "commonWrongCount": .int(stats.commonWrongCount),
                    "flags": .array(stats.flags.map { .string($0.rawValue) }),
                ])
            }
        }
        report.figures = [
            Report.Figure(t(ReportText.figAttempts), "\(attemptCount)"),
            Report.Figure(t(ReportText.figQuestions), "\(analysedCount)"),
            Report.Figure(t(ReportText.figFlagged), "\(flagged)", flagged == 0 ? .good : .bad),
        ]
        report.sections = [
            Report.Section(
                title: t(ReportText.sectionItems),
                columns: [
                    .init(t(ReportText.colCourse)), .init(t(ReportText.colQuestionID)), .init(t(ReportText.colQuestion)),
                    .init(t(ReportText.colAnswered), numeric: true), .init(t(ReportText.colFacility), numeric: true),
                    .init(t(ReportText.colDiscrimination), numeric: true), .init(t(ReportText.colCommonWrong)), .init(t(ReportText.colHint)),
                ], rows: rows, name: "questions")
        ]
        report.charts = [Report.BarChart(title: t(ReportText.chartFacility), bars: bars)]
        report.notes.append(t(ReportText.itemsMethod(ItemStatistics.minimumForFlags)))
        report.json = ctx.envelope(.items, session: session, ["questions": .array(json), "totals": ["attempts": .int(attemptCount), "flagged": .int(flagged)]])
        return report
    }

    /// A stored response in the file's terms, with the option text for letters.
    static func describe(_ response: String, question: Question?, language: Language) -> String {
        guard let question, question.type.usesOptions else {
            if question?.type == .truefalse { return Response.truth(response == "true").display(language) }
            return response
        }
        if question.type == .single, let c = response.first, let i = OptionLetter.index(of: c), i < question.options.count {
            return "\(response) \(DisplayWidth.truncate(question.options[i].text, to: 16))"
        }
        return response
    }
}

extension String {
    var replacingNewlines: String { split(whereSeparator: \.isNewline).joined(separator: " ") }
}
