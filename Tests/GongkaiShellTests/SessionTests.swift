import GongkaiCore
import Testing

@testable import GongkaiShell

@Suite struct SessionTests {
    @Test func loginAsksForWhatIsMissingAndAcceptsUnitNames() throws {
        let h = ShellHarness()
        let out = h.run(["login", "", "李四", "不存在", "?", "喜泉", "", "whoami", "quit"])
        #expect(out.contains("姓名不能为空。"))
        #expect(out.contains("花名册中没有单位“不存在”。"))
        #expect(out.contains("乡镇："))
        #expect(out.contains("欢迎，李四（喜泉镇）。"))
        #expect(out.contains("李四，喜泉镇（xiquan），培训场次：政务公开业务培训"))
    }

    @Test func oneAttendanceRecordPerPersonPerSession() throws {
        let h = ShellHarness()
        h.run(["login 王五 --unit caizheng", "", "logout", "login 王五 --unit caizheng", "", "quit"])
        #expect(h.files(under: "/results/attendance/").count == 1)
        let out = h.run(["login 王五 --unit caizheng --session 2020-07-08-training", "quit"])
        #expect(out.contains("你已签到过"))
        #expect(h.files(under: "/results/attendance/").count == 1)
    }

    @Test func selfStudyWritesNoAttendance() throws {
        let h = ShellHarness()
        h.run(["login 赵六 --unit luyang --session none", "quit"])
        #expect(h.files(under: "/results/attendance/").isEmpty)
    }

    @Test func unwritableResultsAreReportedAtLoginBeforeAnyQuestion() throws {
        let fs = MemoryFileSystem()
        fs.fault = .readOnly
        let h = ShellHarness(fileSystem: fs)
        let out = h.run(["login 张三 --unit xiquan", "", "quiz sample", "quit"])
        #expect(out.contains("无法写入成绩目录 /results"))
        #expect(out.contains("请先登录"))
        #expect(!out.contains("第 1/7 题"))
    }

    @Test func namesThatLookLikePathsAreStoredFaithfully() throws {
        let h = ShellHarness()
        let names = ["../../x", "a/b", "..", String(repeating: "长", count: 250), "王😀五", "tab\tname"]
        for name in names {
            h.run(["login", name, "xiquan", "", "quit"])
        }
        let stored = Set(h.store.attendance().records.map(\.record.trainee.name))
        #expect(stored.count == names.count)
        #expect(stored.contains("../../x"))
        #expect(stored.contains("a/b"))
        for path in h.fileSystem.allFiles.keys {
            #expect(path.hasPrefix("/results/"))
            #expect(!path.dropFirst("/results/".count).split(separator: "/").contains(".."))
            for component in path.split(separator: "/") { #expect(component.utf8.count <= 120) }
        }
    }

    @Test func unknownCommandsSuggestTheClosestOne() {
        let h = ShellHarness()
        let out = h.run(["quizz sample", "corses", "quit"])
        #expect(out.contains("未知命令“quizz”。是否想输入 quiz？"))
        #expect(out.contains("是否想输入 courses？"))
    }

    @Test func chineseAliasesRunTheSameCommands() {
        let h = ShellHarness()
        let out = h.run(["登录 张三 --unit xiquan", "", "课程", "退出"])
        #expect(out.contains("欢迎，张三"))
        #expect(out.contains("示例课程：政府信息公开基础"))
        #expect(out.contains("再见。"))
    }

    @Test func helpListsCommandsAndAnswerForms() {
        let h = ShellHarness()
        let out = h.run(["help", "help quiz", "quit"])
        for command in ["login", "courses", "study", "quiz", "resume", "review", "history", "audit", "unit", "report", "quit"] {
            #expect(out.contains(command))
        }
        #expect(out.contains("作答方式"))
        #expect(out.contains("quiz COURSE"))
    }

    @Test func commandCompletionFollowsContext() throws {
        let h = ShellHarness()
        h.run(["quit"])
        let completer = try #require(h.lastReader?.completers.first ?? nil)
        #expect(completer("", "lo").contains("login"))
        #expect(completer("quiz ", "").contains("sample"))
        #expect(completer("login 张三 --unit ", "").contains("xiquan"))
        #expect(completer("login 张三 --session ", "").contains("2020-07-08-training"))
        #expect(completer("report ", "").contains("completion"))
        #expect(completer("report completion --format ", "").contains("html"))
        #expect(completer("audit ", "").contains("column-self-audit"))
    }

    @Test func reportIsHandedToTheSharedCommand() {
        let h = ShellHarness()
        h.externalCommands["report"] = { args in ("ran report " + args.joined(separator: " ") + "\n", 0) }
        let out = h.run(["login 张三 --unit xiquan", "", "report completion --format csv", "quit"])
        #expect(out.contains("ran report completion --format csv --unit xiquan"), "limited to the person's own unit")
    }

    @Test func failedSaveKeepsTheAttemptAndSaveWritesItElsewhere() throws {
        let fs = MemoryFileSystem()
        let h = ShellHarness(fileSystem: fs)
        let plan = h.firstPlan()
        let answers = plan.map { correctAnswer(h.course.question(id: $0.questionID)!, shown: $0.shown) }
        // Sign in normally, then the disk fills up during the quiz.
        h.run(["login 张三 --unit xiquan", "", "quit"])
        fs.faultScope = "/results"
        fs.fault = .capacity(fs.allFiles.values.reduce(0) { $0 + $1.count } + 100)
        let out = h.run(["login 张三 --unit xiquan", "", "quiz sample"] + answers + ["y", "skip", "quit", "n", "save /usb", "quit"])
        #expect(out.contains("进度未能保存：磁盘已满"))
        #expect(out.contains("成绩未能保存：磁盘已满"))
        #expect(out.contains("还有 1 份记录未能保存"))
        #expect(out.contains("已另存：/usb"))
        let saved = ResultStore(root: "/usb", fileSystem: fs).attempts().records.map(\.record)
        #expect(saved.count == 1)
        #expect(saved.first?.score.percent == 100)
        #expect(!fs.allFiles.keys.contains { $0.hasSuffix(".tmp") })
    }
}
