/// Who sees what in the shared shell (a training-room PC, an SSH session).
///
/// - A trainee sees their own scores (`courses`, `history`), never a colleague's:
///   `report scores` and `report items` belong to the office, on the command line.
/// - A unit's contact (联络员) sees the unit's attendance, completion and
///   self-audit: `unit`, and `report attendance|completion|audits` limited to it.
///   The roster names a unit's contacts (`contacts:`); a unit that names none
///   lets every signed-in member see it.
/// - Every office report stays available from the command line (`gongkai report`).
public enum ShellAccess {
    public enum Refusal: Sendable, Equatable {
        case notSignedIn
        /// Scores of everyone, item analysis, notices: the office's, from the command line.
        case officeOnly
        /// The unit names contacts and this person is not one of them.
        case notContact(unit: String)
        /// Another unit than the person's own.
        case otherUnit(String)
    }

    public enum Decision: Sendable, Equatable {
        /// Allowed, limited to this unit.
        case allowed(unit: String)
        case refused(Refusal)
    }

    /// Whether `trainee` may see their unit's standing: a listed contact, or anyone when none is listed.
    public static func isContact(_ trainee: Trainee, roster: Roster?) -> Bool {
        guard let unit = roster?.unit(id: trainee.unit) else { return true }
        return unit.contacts.isEmpty || roster?.isContact(trainee.name, of: unit.id) == true
    }

    /// `unit [ID]` for `requested` (an id, name or alias already resolved to an id).
    public static func unitView(_ requested: String, by trainee: Trainee?, roster: Roster?) -> Decision {
        guard let trainee else { return .refused(.notSignedIn) }
        guard requested == trainee.unit else { return .refused(.otherUnit(requested)) }
        guard isContact(trainee, roster: roster) else { return .refused(.notContact(unit: trainee.unit)) }
        return .allowed(unit: trainee.unit)
    }

    /// A report asked for in the shell, with the unit it names (resolved), if any.
    public static func report(kind: String, requestedUnit: String?, by trainee: Trainee?, roster: Roster?) -> Decision {
        let unitKinds: Set<String> = [Report.Kind.attendance.rawValue, Report.Kind.completion.rawValue, Report.Kind.audits.rawValue]
        guard unitKinds.contains(kind) else { return .refused(.officeOnly) }
        return unitView(requestedUnit ?? trainee?.unit ?? "", by: trainee, roster: roster)
    }
}
