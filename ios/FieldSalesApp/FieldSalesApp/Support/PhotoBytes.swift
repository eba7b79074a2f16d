import UIKit

/// Photos as the core stores them: JPEG, at most 2048 pixels on the longer side (a shelf or a
/// receipt, not a print), so a visit's photos sync in seconds over a weak connection.
enum PhotoBytes {
    static let maxPixels: CGFloat = 2048

    /// Picked bytes (HEIC, JPEG, PNG) as JPEG; `nil` when they are not an image.
    static func jpeg(from data: Data) -> Data? {
        guard let image = UIImage(data: data) else { return nil }
        return jpeg(from: image)
    }

    static func jpeg(from image: UIImage) -> Data? {
        let width = image.size.width * image.scale
        let height = image.size.height * image.scale
        let factor = min(1, maxPixels / max(width, height, 1))
        let size = CGSize(width: (width * factor).rounded(), height: (height * factor).rounded())
        let format = UIGraphicsImageRendererFormat()
        format.scale = 1
        let resized = UIGraphicsImageRenderer(size: size, format: format).image { _ in
            image.draw(in: CGRect(origin: .zero, size: size))
        }
        return resized.jpegData(compressionQuality: 0.8)
    }
}
