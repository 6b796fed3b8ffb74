import Foundation

/// Chinese names of the question types and of the template's columns.
public enum BankVocabulary {
    public static func heading(_ type: QuestionType) -> String {
        switch type {
        case .single: return "单选题"
        case .multiple: return "多选题"
        case .truefalse: return "判断题"
        case .fill: return "填空题"
        case .numeric: return "数值题"
        case .order: return "排序题"
        case .redact: return "区分处理题"
        case .deadline: return "期限计算题"
        }
    }

    public static func englishName(_ type: QuestionType) -> String {
        switch type {
        case .single: return "single-choice"
        case .multiple: return "multiple-choice"
        case .truefalse: return "true/false"
        case .fill: return "fill-in"
        case .numeric: return "numeric"
        case .order: return "ordering"
        case .redact: return "redaction"
        case .deadline: return "deadline"
        }
    }

    /// A type from how banks name it: 单选题, 单项选择题, 判断, single, … ; nil when unknown.
    public static func type(named raw: String) -> QuestionType? {
        let text = raw.trimmingSpaces.lowercased().filter { !$0.isWhitespace }
        if text.isEmpty { return nil }
        if let type = QuestionType(rawValue: text) { return type }
        let names: [(QuestionType, [String])] = [
            (.multiple, ["多选题", "多选", "多项选择题", "多项选择", "不定项选择题", "不定项选择", "不定项", "multiplechoice", "multi"]),
            (.single, ["单选题", "单选", "单项选择题", "单项选择", "选择题", "singlechoice"]),
            (.truefalse, ["判断题", "判断", "是非题", "是非", "true/false", "tf"]),
            (.fill, ["填空题", "填空", "简答题", "shortanswer"]),
            (.numeric, ["数值题", "数值", "数字题", "计算题", "numerical"]),
            (.order, ["排序题", "排序", "ordering"]),
            (.redact, ["区分处理题", "区分处理", "删除题"]),
        ]
        for (type, words) in names where words.contains(text) { return type }
        return nil
    }

    public enum Column: String, Sendable, CaseIterable, Hashable {
        case id = "编号", type = "题型", prompt = "题干", answer = "答案", explanation = "解析", source = "依据"
        case points = "分值", tags = "标签", tolerance = "误差", feedback = "选项反馈", reasons = "删除理由"
    }

    /// Other names offices give the same columns.
    static let columnAliases: [String: Column] = [
        "编号": .id, "id": .id, "试题编号": .id,
        "题型": .type, "类型": .type, "试题类型": .type, "题目类型": .type,
        "题干": .prompt, "题目": .prompt, "试题": .prompt, "试题内容": .prompt, "题目内容": .prompt, "问题": .prompt,
        "答案": .answer, "正确答案": .answer, "参考答案": .answer, "标准答案": .answer,
        "解析": .explanation, "答案解析": .explanation, "试题解析": .explanation, "解释": .explanation,
        "依据": .source, "出处": .source, "来源": .source, "法律依据": .source, "政策依据": .source,
        "分值": .points, "分数": .points,
        "标签": .tags, "知识点": .tags,
        "误差": .tolerance, "允许误差": .tolerance,
        "选项反馈": .feedback,
        "删除理由": .reasons, "理由": .reasons,
    ]

    /// Columns that hold nothing to import (row numbers): recognised, not reported.
    static let ignoredColumns: Set<String> = ["序号", "题号", "序"]

    public enum Header: Hashable, Sendable {
        case column(Column)
        /// 0-based option index (选项A → 0).
        case option(Int)
        case ignored
    }

    /// `选项A`, `A`, `A选项`, `选项 A` → option; Chinese column names → columns.
    public static func header(_ raw: String) -> Header? {
        let text = raw.filter { !$0.isWhitespace }
        if text.isEmpty { return nil }
        if let column = columnAliases[text.lowercased()] { return .column(column) }
        if ignoredColumns.contains(text) { return .ignored }
        var letterText = text.uppercased()
        for affix in ["选项", "OPTION"] {
            if letterText.hasPrefix(affix) { letterText.removeFirst(affix.count) } else if letterText.hasSuffix(affix) { letterText.removeLast(affix.count) }
        }
        letterText = letterText.precomposedStringWithCompatibilityMapping
        if letterText.count == 1, let c = letterText.first, let index = OptionLetter.index(of: c) { return .option(index) }
        return nil
    }
}
