//! Fanning pure work out to threads (std's scoped threads: no runtime, no dependency). The
//! engine's parallel steps all go through [`fan_out`], so that a worker's panic is raised again
//! in the caller instead of its share of the results silently going missing: a missing share
//! would shift the position of every record after it.

/// Runs `work` on each of `parts`, each on its own scoped thread, and returns the results in
/// the order of `parts`. If a worker panics, this panics with the same payload once every
/// thread has finished.
pub(crate) fn fan_out<P, T>(
    parts: impl IntoIterator<Item = P>,
    work: impl Fn(P) -> T + Sync,
) -> Vec<T>
where
    P: Send,
    T: Send,
{
    let work = &work;
    std::thread::scope(|s| {
        let handles: Vec<_> = parts
            .into_iter()
            .map(|part| s.spawn(move || work(part)))
            .collect();
        handles
            .into_iter()
            .map(|handle| match handle.join() {
                Ok(result) => result,
                Err(payload) => std::panic::resume_unwind(payload),
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]

    use super::fan_out;

    #[test]
    fn results_come_back_in_the_order_of_the_parts() {
        let parts: Vec<Vec<u32>> = (0..8).map(|i| (i * 10..i * 10 + 10).collect()).collect();
        let sums = fan_out(&parts, |part| part.iter().sum::<u32>());
        assert_eq!(
            sums,
            parts
                .iter()
                .map(|p| p.iter().sum::<u32>())
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_worker_s_panic_is_raised_again_not_dropped() {
        let caught = std::panic::catch_unwind(|| {
            fan_out(0..4, |i| {
                if i == 2 {
                    panic!("worker 2 failed");
                }
                i
            })
        });
        let payload = caught.expect_err("the panic reaches the caller");
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"worker 2 failed"));
    }
}
