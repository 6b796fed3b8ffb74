import Testing

@testable import GongkaiCore

/// Courses, people and units as people write them.
@Suite("Names as people write them")
struct NamingTests {
    static let library: CourseLibrary = {
        var library = CourseLibrary()
        library.courses = [
            Course(id: "column-maintenance", title: "政府信息公开专栏维护", version: 1, quiz: QuizSettings(), questions: [ReportWorld.single("a")]),
            Course(id: "request-handling", title: "依申请公开办理", version: 1, quiz: QuizSettings(), questions: [ReportWorld.single("b")]),
            Course(id: "confidentiality-review", title: "保密审查", version: 1, quiz: QuizSettings(), questions: [ReportWorld.single("c")]),
            Course(id: "confidentiality-basics", title: "保密基础", version: 1, quiz: QuizSettings(), questions: [ReportWorld.single("d")]),
        ]
        return library
    }()

    func found(_ text: String) -> String? {
        if case .found(let course) = Self.library.lookupCourse(text) { return course.id }
        return nil
    }

    @Test func aCourseByIdTitleOrUnambiguousPrefix() {
        #expect(found("request-handling") == "request-handling")
        #expect(found("保密审查") == "confidentiality-review", "the Chinese title")
        #expect(found("依申请") == "request-handling", "a prefix of the title")
        #expect(found("request") == "request-handling", "a prefix of the id")
        #expect(found("REQUEST-HANDLING") == "request-handling")
        #expect(found("ｒｅｑｕｅｓｔ") == "request-handling", "full-width from a Chinese IME")
        #expect(found("政府信息公开专栏维护") == "column-maintenance")
        #expect(Self.library.lookupCourse("保密") == .ambiguous([Self.library.courses[2], Self.library.courses[3]]))
        #expect(Self.library.lookupCourse("confidentiality").isAmbiguous)
        #expect(Self.library.lookupCourse("财政") == .none)
        #expect(Self.library.lookupCourse("") == .none)
        #expect(Self.library.lookupCourse("   ") == .none)
    }

    @Test func personNamesCompareAfterNFKCAndSpacesBetweenChineseCharacters() {
        #expect(TextNormalization.personName("王 小明") == "王小明")
        #expect(TextNormalization.personName(" 王　小　明 ") == "王小明", "ideographic spaces too")
        #expect(TextNormalization.personName("John  Smith") == "John Smith", "one space kept between Latin words")
        #expect(TextNormalization.personName("ＡＢＣ") == "ABC")
        #expect(TextNormalization.personName("王 Li") == "王 Li", "a space between Chinese and Latin is kept")
        #expect(TextNormalization.personName("王\t小明") == "王小明")
    }

    @Test func unitsByIdNameOrAlias() {
        let roster = Roster(units: [
            Unit(id: "weijian", name: "卫生健康局", aliases: ["卫健局", "县卫健局"]),
            Unit(id: "xiquan", name: "喜泉镇", kind: .township),
        ])
        #expect(roster.findUnit("卫健局")?.id == "weijian")
        #expect(roster.findUnit("县卫健局")?.id == "weijian")
        #expect(roster.findUnit("卫生健康局")?.id == "weijian")
        #expect(roster.findUnit(" 喜泉镇 ")?.id == "xiquan")
        #expect(roster.findUnit("喜 泉 镇")?.id == "xiquan")
        #expect(roster.findUnit("XIQUAN")?.id == "xiquan")
        #expect(roster.findUnit("卫健") == nil, "a fragment is a suggestion, not a match")
        #expect(roster.unitsMatching("卫健").map(\.id) == ["weijian"])
    }

    @Test func aliasesAndContactsLoadAndSurviveTheSnapshot() throws {
        let yaml = """
            units:
              - {id: weijian, name: 卫生健康局, kind: department, expected: 2, aliases: [卫健局], contacts: [李 联络]}
              - {id: xiquan, name: 喜泉镇, kind: township, expected: 1}
            sessions: []
            """
        let library = CourseLibrary.load(sources: [("roster.yaml", yaml)])
        #expect(library.errorCount == 0, "\(library.diagnostics.map { $0.rendered(.en) })")
        let unit = try #require(library.roster?.unit(id: "weijian"))
        #expect(unit.aliases == ["卫健局"])
        #expect(unit.contacts == ["李联络"], "contacts are stored as names compare")
        #expect(library.roster?.isContact("李 联络", of: "weijian") == true)
        #expect(library.roster?.isContact("李联络", of: "xiquan") == false)
    }

    @Test func aNameOrAliasThatPointsAtTwoUnitsIsAnError() {
        let yaml = """
            units:
              - {id: weijian, name: 卫生健康局, aliases: [卫健局]}
              - {id: other, name: 卫健局}
            sessions: []
            """
        let library = CourseLibrary.load(sources: [("roster.yaml", yaml)])
        let messages = library.diagnostics.map { $0.rendered(.zh) }
        #expect(messages.contains { $0.contains("roster.yaml:3:") && $0.contains("“卫健局”已用于单位 weijian") }, "\(messages)")
    }
}

extension CourseLibrary.CourseLookup {
    var isAmbiguous: Bool { if case .ambiguous = self { return true } else { return false } }
}
