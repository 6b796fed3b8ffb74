/// The language of every user-facing message. Chinese is the default because
/// the users are county staff; English exists for maintainers and reviewers.
public enum Language: String, Sendable, CaseIterable {
    case zh
    case en

    /// Picks the text for this language; keeps both wordings side by side in the catalogue.
    @inlinable
    public func pick(_ zh: @autoclosure () -> String, _ en: @autoclosure () -> String) -> String {
        self == .zh ? zh() : en()
    }
}

/// An English count with its noun: "1 course", "3 courses", "0 errors".
/// `plural` only where adding "s" is wrong ("1 entry", "2 entries").
@inlinable
public func counted(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
    "\(count) " + (count == 1 ? singular : plural ?? singular + "s")
}

/// A message that has a wording in every `Language`. All such types live in
/// `Localization/` so that the wording is reviewed in one place.
public protocol CatalogueMessage: Sendable {
    func text(in language: Language) -> String
}

/// Renders catalogue messages in one language.
public struct Catalogue: Sendable {
    public let language: Language

    public init(_ language: Language) { self.language = language }

    public func callAsFunction(_ message: some CatalogueMessage) -> String {
        message.text(in: language)
    }
}
