//! Ordering a day's visits by travel distance: great-circle distances, an exact optimum for
//! small days (Held-Karp dynamic programming up to `EXACT_MAX` stops), nearest neighbour
//! improved by 2-opt above that. The result is never longer than the order it was given.

use crate::records::GeoPoint;

/// Mean Earth radius (IUGG), kilometres.
const EARTH_KM: f64 = 6_371.008_8;
/// Days with at most this many stops are solved exactly.
pub const EXACT_MAX: usize = 10;

/// Great-circle distance by the haversine formula.
pub fn distance_km(a: GeoPoint, b: GeoPoint) -> f64 {
    let (la1, la2) = (a.lat.to_radians(), b.lat.to_radians());
    let dlat = la2 - la1;
    let dlon = (b.lon - a.lon).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_KM * h.sqrt().min(1.0).asin()
}

/// Length of the path from `start` through `stops` in `order`.
pub fn path_km(start: GeoPoint, stops: &[GeoPoint], order: &[usize]) -> f64 {
    let mut here = start;
    let mut total = 0.0;
    for &i in order {
        total += distance_km(here, stops[i]);
        here = stops[i];
    }
    total
}

/// The order in which to visit `stops` starting from `start` (an open path: no return).
pub fn plan(start: GeoPoint, stops: &[GeoPoint]) -> Vec<usize> {
    let given: Vec<usize> = (0..stops.len()).collect();
    let candidate = if stops.len() <= EXACT_MAX {
        exact(start, stops)
    } else {
        let mut o = nearest_neighbour(start, stops);
        two_opt(start, stops, &mut o);
        o
    };
    if path_km(start, stops, &candidate) < path_km(start, stops, &given) {
        candidate
    } else {
        given
    }
}

fn nearest_neighbour(start: GeoPoint, stops: &[GeoPoint]) -> Vec<usize> {
    let mut left: Vec<usize> = (0..stops.len()).collect();
    let mut order = Vec::with_capacity(stops.len());
    let mut here = start;
    while !left.is_empty() {
        let (k, _) = left
            .iter()
            .enumerate()
            .map(|(k, &i)| (k, distance_km(here, stops[i])))
            .fold(
                (0, f64::INFINITY),
                |best, c| if c.1 < best.1 { c } else { best },
            );
        let i = left.swap_remove(k);
        here = stops[i];
        order.push(i);
    }
    order
}

/// Reverse segments while that shortens the open path (the start stays first).
fn two_opt(start: GeoPoint, stops: &[GeoPoint], order: &mut [usize]) {
    let n = order.len();
    let at = |order: &[usize], k: usize| -> GeoPoint {
        if k == 0 { start } else { stops[order[k - 1]] }
    };
    let mut improved = true;
    while improved {
        improved = false;
        // path positions 0 (start) ..= n; reverse positions i..=j of the stops
        for i in 1..n {
            for j in i + 1..=n {
                let before = distance_km(at(order, i - 1), at(order, i))
                    + if j < n {
                        distance_km(at(order, j), at(order, j + 1))
                    } else {
                        0.0
                    };
                let after = distance_km(at(order, i - 1), at(order, j))
                    + if j < n {
                        distance_km(at(order, i), at(order, j + 1))
                    } else {
                        0.0
                    };
                if after + 1e-9 < before {
                    order[i - 1..j].reverse();
                    improved = true;
                }
            }
        }
    }
}

/// Held-Karp over subsets: the shortest open path from `start` through all stops.
fn exact(start: GeoPoint, stops: &[GeoPoint]) -> Vec<usize> {
    let n = stops.len();
    if n == 0 {
        return vec![];
    }
    let full = 1usize << n;
    let mut cost = vec![f64::INFINITY; full * n];
    let mut prev = vec![usize::MAX; full * n];
    for i in 0..n {
        cost[(1 << i) * n + i] = distance_km(start, stops[i]);
    }
    for set in 1..full {
        for last in 0..n {
            if set & (1 << last) == 0 {
                continue;
            }
            let c = cost[set * n + last];
            if !c.is_finite() {
                continue;
            }
            for next in 0..n {
                if set & (1 << next) != 0 {
                    continue;
                }
                let s2 = set | (1 << next);
                let c2 = c + distance_km(stops[last], stops[next]);
                if c2 < cost[s2 * n + next] {
                    cost[s2 * n + next] = c2;
                    prev[s2 * n + next] = last;
                }
            }
        }
    }
    let last_set = full - 1;
    let mut last = (0..n)
        .min_by(|&a, &b| cost[last_set * n + a].total_cmp(&cost[last_set * n + b]))
        .unwrap_or(0);
    let mut order = Vec::with_capacity(n);
    let mut set = last_set;
    while last != usize::MAX {
        order.push(last);
        let p = prev[set * n + last];
        set &= !(1 << last);
        last = p;
    }
    order.reverse();
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    fn p(lat: f64, lon: f64) -> GeoPoint {
        GeoPoint { lat, lon }
    }

    fn brute_force(start: GeoPoint, stops: &[GeoPoint]) -> f64 {
        fn permute(
            k: usize,
            order: &mut Vec<usize>,
            best: &mut f64,
            start: GeoPoint,
            stops: &[GeoPoint],
        ) {
            if k == order.len() {
                *best = best.min(path_km(start, stops, order));
                return;
            }
            for i in k..order.len() {
                order.swap(k, i);
                permute(k + 1, order, best, start, stops);
                order.swap(k, i);
            }
        }
        let mut order: Vec<usize> = (0..stops.len()).collect();
        let mut best = f64::INFINITY;
        permute(0, &mut order, &mut best, start, stops);
        best
    }

    #[test]
    fn haversine_known_distance() {
        // Berlin to Munich, about 504 km
        let d = distance_km(p(52.5200, 13.4050), p(48.1351, 11.5820));
        assert!((d - 504.0).abs() < 3.0, "{d}");
        assert_eq!(distance_km(p(10.0, 10.0), p(10.0, 10.0)), 0.0);
    }

    #[test]
    fn three_stops_in_a_line() {
        let start = p(52.50, 13.40);
        let stops = [p(52.52, 13.40), p(52.60, 13.40), p(52.56, 13.40)];
        let order = plan(start, &stops);
        assert_eq!(order, vec![0, 2, 1]);
        let km = path_km(start, &stops, &order);
        assert!((km - 11.12).abs() < 0.05, "{km}");
    }

    #[test]
    fn small_days_match_the_brute_force_optimum() {
        let seed = 7;
        let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
        for case in 0..60 {
            let n = rng.random_range(1..=7);
            let start = p(rng.random_range(48.0..54.0), rng.random_range(7.0..14.0));
            let stops: Vec<GeoPoint> = (0..n)
                .map(|_| p(rng.random_range(48.0..54.0), rng.random_range(7.0..14.0)))
                .collect();
            let got = path_km(start, &stops, &plan(start, &stops));
            let best = brute_force(start, &stops);
            assert!(
                (got - best).abs() < 1e-6,
                "seed {seed} case {case}: {got} vs {best}"
            );
        }
    }

    #[test]
    fn large_days_are_never_longer_than_given_and_2_opt_stable() {
        let seed = 11;
        let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
        for case in 0..20 {
            let n = rng.random_range(EXACT_MAX + 1..40);
            let start = p(52.5, 13.4);
            let stops: Vec<GeoPoint> = (0..n)
                .map(|_| p(rng.random_range(52.3..52.7), rng.random_range(13.1..13.7)))
                .collect();
            let order = plan(start, &stops);
            let mut sorted = order.clone();
            sorted.sort();
            assert_eq!(sorted, (0..n).collect::<Vec<_>>(), "a permutation");
            let given: Vec<usize> = (0..n).collect();
            let km = path_km(start, &stops, &order);
            assert!(
                km <= path_km(start, &stops, &given) + 1e-9,
                "seed {seed} case {case}"
            );
            // no single segment reversal improves it further
            let mut again = order.clone();
            two_opt(start, &stops, &mut again);
            assert!(path_km(start, &stops, &again) >= km - 1e-6);
        }
    }

    #[test]
    fn empty_and_single() {
        assert!(plan(p(0.0, 0.0), &[]).is_empty());
        assert_eq!(plan(p(0.0, 0.0), &[p(1.0, 1.0)]), vec![0]);
    }
}
