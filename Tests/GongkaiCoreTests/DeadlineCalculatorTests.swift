import Testing

@testable import GongkaiCore

/// Hand-checked deadlines: each expected date was counted on a printed calendar
/// from the notices, not taken from the code.
@Suite struct DeadlineCalculatorTests {
    static func d(_ text: String) -> LocalDate { LocalDate(parsing: text)! }

    static func compute(_ input: DeadlineCase) throws -> DeadlineResult {
        try DeadlineCalculator.compute(input, calendar: HolidayCalendarTests.projectCalendar())
    }

    static func plain(_ received: String, method: ApplicationMethod = .inPerson) -> DeadlineCase {
        DeadlineCase(method: method, received: d(received))
    }

    @Test(arguments: [
        // 国庆 2025: 9/28 (Sun) and 10/11 (Sat) worked, 10/1–8 off.
        ("2025-09-26", "2025-10-13", "2025-10-30"),
        // 春节 2024: 2/10–17 off, 2/18 (Sun) worked; 除夕 2/9 a working day.
        ("2024-02-08", "2024-02-23", "2024-03-13"),
        // The year boundary: 2026 元旦 1/1–3 off, 1/4 (Sun) worked.
        ("2025-12-22", "2025-12-31", "2026-01-20"),
        // 春节 2020 extended to 2/2 (国办发明电〔2020〕1号).
        ("2020-01-22", "2020-02-10", "2020-02-27"),
        // 中秋国庆 2023: 9/29–10/6 off, 10/7 and 10/8 worked.
        ("2023-09-28", "2023-10-13", "2023-11-01"),
    ])
    func aroundHolidaysAndWorkedWeekends(_ received: String, _ supplementBy: String, _ reply: String) throws {
        let result = try Self.compute(Self.plain(received, method: .post))
        #expect(result.receipt == Self.d(received))
        #expect(result.supplementBy.end == Self.d(supplementBy))
        #expect(result.reply.end == Self.d(reply))
        #expect(result.uncoveredYears.isEmpty)
    }

    @Test func theDayOfReceiptIsNotCountedAndWorkedWeekendsAre() throws {
        let result = try Self.compute(Self.plain("2025-09-26"))
        let first = try #require(result.reply.days.first)
        #expect(first.date == Self.d("2025-09-27") && first.status == .weekend)
        let sunday = result.reply.days[1]
        #expect(sunday.date == Self.d("2025-09-28") && sunday.status == .counted(1))
        #expect(sunday.adjustedWorkingDay?.notice == "国办发明电〔2024〕12号")
        let holiday = result.reply.days.first { $0.date == Self.d("2025-10-03") }
        #expect(holiday?.status == .holiday(name: "国庆节、中秋节", notice: "国办发明电〔2024〕12号"))
        #expect(result.reply.days.last?.status == .counted(20))
    }

    @Test func aSupplementRestartsTheReplyPeriod() throws {
        var input = Self.plain("2025-03-03")
        input.supplementRequested = Self.d("2025-03-05")
        input.supplementReceived = Self.d("2025-03-14")
        let result = try Self.compute(input)
        #expect(result.supplementBy.end == Self.d("2025-03-12"))
        #expect(!result.supplementLate)
        #expect(result.replyStart == Self.d("2025-03-14"))
        #expect(result.reply.end == Self.d("2025-04-14"))  // 清明 4/4–6 skipped
    }

    @Test func aLateSupplementRequestIsFlagged() throws {
        var input = Self.plain("2025-03-03")
        input.supplementRequested = Self.d("2025-03-13")
        #expect(try Self.compute(input).supplementLate)
        input.supplementRequested = Self.d("2025-03-12")
        #expect(try !Self.compute(input).supplementLate)
    }

    @Test func consultationTimeIsNotCounted() throws {
        var input = Self.plain("2025-03-03")
        #expect(try Self.compute(input).reply.end == Self.d("2025-03-31"))
        input.excluded = [ExcludedPeriod(kind: .thirdParty, from: Self.d("2025-03-10"), to: Self.d("2025-03-21"))]
        let result = try Self.compute(input)
        #expect(result.reply.end == Self.d("2025-04-15"))
        #expect(result.reply.days.filter { $0.status == .excluded(.thirdParty) }.count == 10)
    }

    @Test func feeNoticeToPaymentIsNotCounted() throws {
        var input = Self.plain("2025-03-03")
        input.excluded = [ExcludedPeriod(kind: .fee, from: Self.d("2025-03-05"), to: Self.d("2025-03-12"))]
        #expect(try Self.compute(input).reply.end == Self.d("2025-04-09"))
    }

    @Test func anApprovedExtensionAddsTwentyWorkingDays() throws {
        var input = Self.plain("2025-03-03")
        let plain = try Self.compute(input)
        #expect(plain.extended.end == Self.d("2025-04-28"))  // 清明 off, 4/27 (Sun) worked
        #expect(plain.finalDeadline == Self.d("2025-03-31"))
        input.extensionApproved = true
        #expect(try Self.compute(input).finalDeadline == Self.d("2025-04-28"))
    }

    @Test func everyMethodTakesItsOwnDateAsReceipt() throws {
        for method in ApplicationMethod.allCases {
            #expect(try Self.compute(Self.plain("2025-03-03", method: method)).receipt == Self.d("2025-03-03"))
        }
    }

    @Test func aYearOutsideTheCalendarIsCountedOnWeekendsAndNamed() throws {
        let result = try Self.compute(Self.plain("2027-01-28"))
        #expect(result.uncoveredYears == [2027])
        // Weekends alone: 1/29 Fri … 20 working days later, 2027-02-25 (Thu).
        #expect(result.reply.end == Self.d("2027-02-25"))
        #expect(try Self.compute(Self.plain("2026-12-20")).uncoveredYears == [2027])
    }

    @Test func badInputIsRefused() throws {
        var input = Self.plain("2025-03-03")
        input.supplementRequested = Self.d("2025-03-01")
        #expect(throws: DeadlineProblem.supplementRequestBeforeReceipt(requested: Self.d("2025-03-01"), received: Self.d("2025-03-03"))) {
            try Self.compute(input)
        }
        input.supplementRequested = Self.d("2025-03-05")
        input.supplementReceived = Self.d("2025-03-04")
        #expect(throws: DeadlineProblem.self) { try Self.compute(input) }
        input = Self.plain("2025-03-03")
        input.supplementReceived = Self.d("2025-03-04")
        #expect(throws: DeadlineProblem.supplementReceivedWithoutRequest) { try Self.compute(input) }
        let a = ExcludedPeriod(kind: .thirdParty, from: Self.d("2025-03-10"), to: Self.d("2025-03-20"))
        let b = ExcludedPeriod(kind: .otherAgency, from: Self.d("2025-03-20"), to: Self.d("2025-03-25"))
        input = Self.plain("2025-03-03")
        input.excluded = [b, a]
        #expect(throws: DeadlineProblem.periodsOverlap(a, b)) { try Self.compute(input) }
        input.excluded = [ExcludedPeriod(kind: .fee, from: Self.d("2025-03-01"), to: Self.d("2025-03-05"))]
        #expect(throws: DeadlineProblem.self) { try Self.compute(input) }
        input.excluded = [ExcludedPeriod(kind: .fee, from: Self.d("2025-03-09"), to: Self.d("2025-03-05"))]
        #expect(throws: DeadlineProblem.self) { try Self.compute(input) }
        #expect(throws: DeadlineProblem.dateOutOfRange(Self.d("2205-03-03"))) { try Self.compute(Self.plain("2205-03-03")) }
    }

    /// Random cases on the real calendar: the deadline is a working day, and adding a
    /// holiday anywhere never brings it forward.
    @Test func propertiesHoldOnRandomCases() throws {
        let calendar = try HolidayCalendarTests.projectCalendar()
        var g = SeededGenerator(seed: 18)
        let first = Self.d("2019-01-01").daysSinceEpoch
        let span = Self.d("2026-10-31").daysSinceEpoch - first
        for _ in 0..<400 {
            let received = LocalDate(daysSinceEpoch: first + g.below(span))
            var input = DeadlineCase(method: .post, received: received, extensionApproved: g.below(2) == 0)
            if g.below(3) == 0 {
                let from = received.adding(days: 1 + g.below(10))
                input.excluded = [ExcludedPeriod(kind: .thirdParty, from: from, to: from.adding(days: g.below(25)))]
            }
            let result = try DeadlineCalculator.compute(input, calendar: calendar)
            for count in [result.supplementBy, result.reply, result.extended] {
                #expect(calendar.isWorkingDay(count.end), "\(received)")
                #expect(count.days.filter { if case .counted = $0.status { return true } else { return false } }.count == count.workingDays)
            }
            #expect(result.reply.end > received)
            let start = received.adding(days: g.below(40))
            let holiday = HolidayCalendar.HolidayPeriod(
                name: "测试假日", from: start, to: start.adding(days: g.below(5)), notice: "国办发明电〔2099〕1号")
            let more = calendar.adding(holiday: holiday, year: 2099)
            let later = try DeadlineCalculator.compute(input, calendar: more)
            #expect(later.reply.end >= result.reply.end, "\(received) + \(holiday.from)")
            #expect(later.finalDeadline >= result.finalDeadline)
            #expect(later.supplementBy.end >= result.supplementBy.end)
        }
    }
}
