import Foundation
import FieldSalesFFI

/// What a signature pad captures: strokes of (x, y, t_ms) points, `t_ms` counted from the
/// start of each stroke, positions in the pad's points rounded to whole numbers. The core
/// hashes exactly these numbers into the signature, so they are kept as integers from the start.
public struct StrokeRecorder: Equatable, Sendable {
    public private(set) var strokes: [Stroke] = []
    private var current: [StrokePoint] = []
    private var startedAt: Date?

    public init() {}

    /// The core refuses more points than this in one signature.
    public static let maxPoints = 20_000

    /// A point of the stroke under way (the first point starts a stroke).
    public mutating func add(x: Double, y: Double, at time: Date = Date()) {
        guard pointCount < Self.maxPoints else { return }
        let start = startedAt ?? time
        startedAt = start
        let point = StrokePoint(
            x: Int64(x.rounded()), y: Int64(y.rounded()),
            tMs: max(0, Int64((time.timeIntervalSince(start) * 1000).rounded())))
        // a finger resting still adds nothing
        if let last = current.last, last.x == point.x, last.y == point.y {
            return
        }
        current.append(point)
    }

    /// The finger lifted: the stroke under way is done.
    public mutating func end() {
        if !current.isEmpty {
            strokes.append(Stroke(points: current))
        }
        current = []
        startedAt = nil
    }

    public mutating func clear() {
        strokes = []
        current = []
        startedAt = nil
    }

    /// Every stroke, with the one under way, for drawing and signing.
    public var allStrokes: [Stroke] {
        current.isEmpty ? strokes : strokes + [Stroke(points: current)]
    }

    public var isEmpty: Bool { strokes.isEmpty && current.isEmpty }

    public var pointCount: Int {
        strokes.reduce(current.count) { $0 + $1.points.count }
    }
}
