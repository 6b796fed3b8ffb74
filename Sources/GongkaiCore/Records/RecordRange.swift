/// The ranges a record's figures must lie in, checked by the full decoder and the report
/// scanner alike: a percent of 1e308 or negative points are damage, not a result.
public enum RecordRange {
    public static func isPercent(_ value: Double) -> Bool { value.isFinite && value >= 0 && value <= 100 }

    /// Points between 0 and the maximum (with slack for rounding to hundredths), a finite maximum.
    public static func isScore(points: Double, max: Double) -> Bool {
        points.isFinite && max.isFinite && points >= 0 && max >= 0 && points <= max + 1e-9
    }
}
