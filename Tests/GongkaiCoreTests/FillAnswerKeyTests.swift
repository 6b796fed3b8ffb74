import Testing

@testable import GongkaiCore

/// Fill answers are compared as people write them: Chinese numerals, leading zeros, 号 for 日.
@Suite struct FillAnswerKeyTests {
    private func accepts(_ accepted: [String], _ typed: String) -> Bool {
        let q = TestSupport.fill("q", accepted: accepted)
        return Grader.grade(q, response: .text(typed), scoring: .partial).isCorrect
    }

    @Test(arguments: [
        ("三十一", "31"), ("二十", "20"), ("一", "1"), ("十", "10"), ("十五", "15"), ("一百零五", "105"),
        ("一千零五", "1005"), ("二〇二〇", "2020"), ("两", "2"), ("九十九", "99"),
    ])
    func chineseNumeralsBecomeDigits(_ written: String, _ digits: String) {
        #expect(FillAnswerKey.chineseNumeralsToDigits(written) == digits)
    }

    @Test func aDateWrittenInEveryCommonWayIsOneKey() {
        let key = FillAnswerKey.key("3月31日")
        for typed in ["三月三十一号", "三月三十一日", "03月31日", "3月31号", "03月31号", " 3 月 31 日。"] {
            #expect(FillAnswerKey.key(typed) == key, "\(typed)")
        }
        #expect(FillAnswerKey.key("1月31日") != key)
        #expect(FillAnswerKey.key("3月13日") != key)
        #expect(FillAnswerKey.key("3月1日") != key)
    }

    @Test func theGraderUsesItForEveryFillQuestionWithoutListedVariants() {
        #expect(accepts(["3月31日"], "三月三十一号"))
        #expect(accepts(["3月31日"], "03月31日"))
        #expect(accepts(["三月三十一日"], "3月31日"))
        #expect(accepts(["20个工作日"], "二十个工作日"))
        #expect(accepts(["7"], "七"))
        #expect(!accepts(["3月31日"], "1月31日"))
        #expect(!accepts(["20"], "200"))
        #expect(!accepts(["20个工作日"], "十五个工作日"))
    }

    @Test func haoStaysWhereItIsNotADate() {
        // 文号 keep their 号: "109号" is not a day.
        #expect(FillAnswerKey.key("国办函〔2020〕109号").hasSuffix("109号"))
        #expect(FillAnswerKey.key("31号") == "31号")
        #expect(FillAnswerKey.key("3月31号") == "3月31日")
    }

    @Test func leadingZerosGoButDecimalsAndZeroStay() {
        #expect(FillAnswerKey.stripLeadingZeros("03-031") == "3-31")
        #expect(FillAnswerKey.stripLeadingZeros("0") == "0")
        #expect(FillAnswerKey.stripLeadingZeros("000") == "0")
        #expect(FillAnswerKey.stripLeadingZeros("0.05") == "0.05")
        #expect(FillAnswerKey.stripLeadingZeros("2020") == "2020")
    }

    @Test func aMalformedNumeralRunIsLeftAsWritten() {
        #expect(FillAnswerKey.chineseNumeralsToDigits("十十") == "十十")
        #expect(FillAnswerKey.chineseNumeralsToDigits("三三") == "33")
    }

    @Test func theRealQuestionsAcceptTheWaysPeopleWriteThem() throws {
        let library = CourseContentTests.library
        let course = try #require(library.course(id: "column-maintenance"))
        let date = try #require(course.questions.first { $0.id == "cm-annual-gov-date" })
        for typed in ["03月31日", "三月三十一号", "3月31日", "3月31号"] {
            #expect(Grader.grade(date, response: .text(typed), scoring: .partial).isCorrect, "\(typed)")
        }
        #expect(!Grader.grade(date, response: .text("1月31日"), scoring: .partial).isCorrect)
        let weekly = try #require(course.questions.first { $0.id == "cm-read-weekly" })
        for typed in ["每周一次", "一个礼拜", "个礼拜", "周", "一周"] {
            #expect(Grader.grade(weekly, response: .text(typed), scoring: .partial).isCorrect, "\(typed)")
        }
        #expect(!Grader.grade(weekly, response: .text("月"), scoring: .partial).isCorrect)
    }
}
