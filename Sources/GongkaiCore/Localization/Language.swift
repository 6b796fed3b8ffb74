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
