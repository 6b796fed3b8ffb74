import Foundation
import Testing

@testable import GongkaiCore

/// `Courses/calendar.yaml` and its parser.
@Suite struct HolidayCalendarTests {
    static var calendarPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Courses").appendingPathComponent("calendar.yaml").path
    }

    static func projectCalendar() throws -> HolidayCalendar {
        let library = CourseLibrary.load(paths: [calendarPath], fileSystem: LocalFileSystem())
        #expect(library.diagnostics.isEmpty, "\(library.diagnostics)")
        return try #require(library.calendar)
    }

    static func date(_ text: String) -> LocalDate { LocalDate(parsing: text)! }

    @Test func projectCalendarCoversEveryYearFrom2019To2026WithNotices() throws {
        let calendar = try Self.projectCalendar()
        #expect(calendar.years == Array(2019...2026))
        for arrangement in calendar.arrangements {
            #expect(CalendarParser.isNoticeNumber(arrangement.notice), "\(arrangement.year)")
            #expect(arrangement.notice.contains("〔\(arrangement.year - 1)〕"), "\(arrangement.year): published the year before")
        }
    }

    @Test func knownDaysFromTheNotices() throws {
        let c = try Self.projectCalendar()
        // 2026: 元旦 1月1日至3日, 1月4日（周日）上班 (国办发明电〔2025〕7号).
        #expect(c.day(Self.date("2026-01-02")) == .holiday(name: "元旦", notice: "国办发明电〔2025〕7号"))
        #expect(c.day(Self.date("2026-01-04")) == .adjustedWorkingDay(name: "元旦", notice: "国办发明电〔2025〕7号"))
        // 2019 劳动节 as amended by 国办发明电〔2019〕3号.
        #expect(c.day(Self.date("2019-05-03")) == .holiday(name: "劳动节", notice: "国办发明电〔2019〕3号"))
        #expect(c.isWorkingDay(Self.date("2019-05-05")))
        // 2020 春节 extended to 2 February; Saturday 1 February no longer worked.
        #expect(!c.isWorkingDay(Self.date("2020-02-01")))
        #expect(c.day(Self.date("2020-02-01")) == .holiday(name: "春节（延长）", notice: "国办发明电〔2020〕1号"))
        // 2024 除夕 (9 February) was a working day; the holiday began on the 10th.
        #expect(c.isWorkingDay(Self.date("2024-02-09")))
        // The 2019 arrangement starts on 30 December 2018, with Saturday 29 December worked.
        #expect(!c.isWorkingDay(Self.date("2018-12-31")))
        #expect(c.isWorkingDay(Self.date("2018-12-29")))
        // Weekends alone outside the arrangements.
        #expect(c.day(Self.date("2027-01-02")) == .weekend)
        #expect(c.day(Self.date("2027-01-04")) == .workingDay)
        #expect(!c.covers(Self.date("2027-03-01")))
    }

    @Test func weekdayOfKnownDates() {
        #expect(Self.date("1970-01-01").weekday == 4)
        #expect(Self.date("2025-10-01").weekday == 3)
        #expect(Self.date("2026-01-04").weekday == 7)
        #expect(Self.date("1969-12-29").weekday == 1)
    }

    static let good = """
        arrangements:
          - year: 2030
            notice: 国办发明电〔2029〕1号
            holidays:
              - {name: 元旦, from: 2030-01-01, to: 2030-01-01}
              - {name: 春节, from: 2030-02-02, to: 2030-02-08}
              - {name: 清明节, from: 2030-04-05, to: 2030-04-07}
              - {name: 劳动节, from: 2030-05-01, to: 2030-05-05}
              - {name: 端午节, from: 2030-06-05, to: 2030-06-07}
              - {name: 中秋节、国庆节, from: 2030-10-01, to: 2030-10-08}
            working_days:
              - {date: 2030-01-26, name: 春节}
        """

    static func load(_ yaml: String) -> CourseLibrary {
        CourseLibrary.load(sources: [(file: "calendar.yaml", text: yaml)])
    }

    @Test func aCleanCalendarLoadsAndIsNotMistakenForACourse() throws {
        let library = Self.load(Self.good)
        #expect(library.diagnostics.isEmpty, "\(library.diagnostics.map(\.description))")
        #expect(library.courses.isEmpty && library.fileCounts[.calendar] == 1)
        let calendar = try #require(library.calendar)
        #expect(calendar.isWorkingDay(Self.date("2030-01-26")))
    }

    @Test func everyProblemIsReportedWithItsLine() {
        let yaml = """
            arrangements:
              - year: 2030
                notice: 国办发明电2029-1
                holidays:
                  - {name: 元旦, from: 2030-02-30, to: 2030-01-01}
                  - {name: 春节, from: 2030-02-08, to: 2030-02-02}
                  - {name: 清明节, from: 2030-04-05, to: 2030-04-07}
                  - {name: 劳动节, from: 2030-05-01, to: 2030-05-05}
                  - {name: 端午节, from: 2030-05-04, to: 2030-05-07}
                working_days:
                  - {date: 2030-04-06, name: 清明节}
                  - {date: 2030-04-08, name: 清明节}
              - year: 2032
                notice: 国办发明电〔2031〕1号
                holidays:
                  - {name: 元旦, from: 2032-01-01, to: 2032-01-01}
            """
        let rendered = Self.load(yaml).diagnostics.map(\.description)
        let expected = [
            "calendar.yaml:2:3: error: the arrangement for 2031 is missing (years must be consecutive)",
            "calendar.yaml:3:13: error: '国办发明电2029-1' is not a notice number like 国办发明电〔2025〕7号",
            "calendar.yaml:4:5: error: the arrangement for 2030 does not set 中秋节",
            "calendar.yaml:4:5: error: the arrangement for 2030 does not set 国庆节",
            "calendar.yaml:5:26: error: '2030-02-30' is not a valid date (YYYY-MM-DD)",
            "calendar.yaml:6:42: error: the holiday ends (2030-02-02) before it starts (2030-02-08)",
            "calendar.yaml:9:9: error: 2030-05-04 is already in the holiday on line 8",
            "calendar.yaml:11:9: error: 2030-04-06 is both a working day and in the holiday on line 7",
            "calendar.yaml:12:16: error: the adjusted working day 2030-04-08 is not a Saturday or Sunday",
            "calendar.yaml:15:5: error: the arrangement for 2032 does not set 春节",
        ]
        #expect(!rendered.contains { $0.contains("does not set 元旦") || $0.contains("does not set 春节") && $0.contains("2030") })
        for line in expected { #expect(rendered.contains(line), "missing: \(line)\n\(rendered.joined(separator: "\n"))") }
    }

    @Test func aHolidayOfMoreThanAMonthIsATypo() {
        let typo = Self.good.replacingOccurrences(of: "{name: 春节, from: 2030-02-02, to: 2030-02-08}", with: "{name: 春节, from: 2030-02-02, to: 2030-12-08}")
        let messages = Self.load(typo).diagnostics.map(\.message)
        #expect(messages.contains(.deadline(.calendarPeriodTooLong(from: "2030-02-02", to: "2030-12-08"))))
    }

    @Test func aGapBetweenYearsAndADuplicateYearAreErrors() {
        let twice = Self.good + "\n" + Self.good.split(separator: "\n").dropFirst().joined(separator: "\n")
        let messages = Self.load(twice).diagnostics.map(\.message)
        #expect(messages.contains(.deadline(.calendarDuplicateYear(year: 2030, firstLine: 2))))
    }

    /// The independent check: every day from 29 December 2018 to 31 December 2026,
    /// working day or not, and holiday or not, as the Python package chinesecalendar
    /// (installed by `make deps-chinesecalendar`) sees it.
    @Test func agreesWithChineseCalendarDayByDay() throws {
        let calendar = try Self.projectCalendar()
        let script = """
            import datetime, chinese_calendar as cc
            d = datetime.date(2018, 12, 29)
            while d <= datetime.date(2026, 12, 31):
                print(d.isoformat(), int(cc.is_workday(d)), int(d in cc.holidays))
                d += datetime.timedelta(days=1)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let pipe = Pipe()
        let errors = Pipe()
        process.standardOutput = pipe
        process.standardError = errors
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "python3 with chinesecalendar (make deps-chinesecalendar): \(errorText)")
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 2925)
        var disagreements: [String] = []
        for line in lines {
            let parts = line.split(separator: " ").map(String.init)
            let date = try #require(LocalDate(parsing: parts[0]))
            let ours = calendar.day(date)
            var oursHoliday = false
            if case .holiday = ours { oursHoliday = true }
            if ours.isWorkingDay != (parts[1] == "1") || oursHoliday != (parts[2] == "1") {
                disagreements.append("\(line) ours: \(ours)")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.joined(separator: "\n"))")
    }
}
