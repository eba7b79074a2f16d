import CoreLocation
import FieldSalesFFI

/// Where the phone is, once, for check-ins and signatures. Asks for permission the first time;
/// answers `nil` when it may not know, or does not know within a few seconds, so a visit is
/// never held up by a missing fix.
@MainActor
final class LocationProvider: NSObject, CLLocationManagerDelegate {
    static let shared = LocationProvider()

    private let manager = CLLocationManager()
    private var waiting: [CheckedContinuation<GeoPoint?, Never>] = []
    private var deadline: _Concurrency.Task<Void, Never>?

    private override init() {
        super.init()
        manager.delegate = self
        manager.desiredAccuracy = kCLLocationAccuracyHundredMeters
    }

    func current(timeout: Duration = .seconds(5)) async -> GeoPoint? {
        switch manager.authorizationStatus {
        case .denied, .restricted:
            return nil
        default:
            break
        }
        if deadline == nil {
            deadline = _Concurrency.Task { [weak self] in
                try? await _Concurrency.Task.sleep(for: timeout)
                guard !_Concurrency.Task.isCancelled else { return }
                self?.finish(nil)
            }
        }
        return await withCheckedContinuation { continuation in
            waiting.append(continuation)
            if manager.authorizationStatus == .notDetermined {
                manager.requestWhenInUseAuthorization()
            } else {
                manager.requestLocation()
            }
        }
    }

    private func finish(_ point: GeoPoint?) {
        deadline?.cancel()
        deadline = nil
        let done = waiting
        waiting = []
        for c in done {
            c.resume(returning: point)
        }
    }

    // The manager was made on the main thread, so it calls its delegate there.

    nonisolated func locationManager(_ manager: CLLocationManager, didUpdateLocations locations: [CLLocation]) {
        let point = locations.last.map { GeoPoint(lat: $0.coordinate.latitude, lon: $0.coordinate.longitude) }
        MainActor.assumeIsolated {
            finish(point)
        }
    }

    nonisolated func locationManager(_ manager: CLLocationManager, didFailWithError error: any Error) {
        MainActor.assumeIsolated {
            finish(nil)
        }
    }

    nonisolated func locationManagerDidChangeAuthorization(_ manager: CLLocationManager) {
        let status = manager.authorizationStatus
        MainActor.assumeIsolated {
            switch status {
            case .authorizedWhenInUse, .authorizedAlways:
                if !waiting.isEmpty {
                    self.manager.requestLocation()
                }
            case .denied, .restricted:
                finish(nil)
            default:
                break
            }
        }
    }
}
