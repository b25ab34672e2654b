//! Parallel work over a slice on scoped threads, results in input order: all at once
//! (`map`), or handed one by one to the calling thread while the rest is still being
//! computed (`pipeline`).

use pyo3::prelude::*;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

/// Threads to use when the caller does not say: every core the process may use.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// `items.iter().map(f).collect()`, computed on up to `threads` threads. Items are
/// claimed one at a time from a shared counter, so a few long texts do not leave cores
/// idle while one thread works through them. Called without the interpreter lock held.
pub fn map<T: Sync, R: Send>(items: &[T], threads: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = threads.clamp(1, items.len().max(1));
    if threads == 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let parts: Vec<Vec<(usize, R)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        done.push((i, f(item)));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            // The library does not panic on any text (property-tested); should a worker
            // panic anyway, re-raise it (PyO3 turns it into a Python exception) rather
            // than return fewer results.
            .map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    let mut slots: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    for (i, r) in parts.into_iter().flatten() {
        slots[i] = Some(r);
    }
    // Every index below `items.len()` was claimed by exactly one worker.
    slots.into_iter().flatten().collect()
}

/// Compute `work` for every item on `threads` worker threads and hand each result, in
/// input order, to `consume` on the calling thread, which holds the interpreter while
/// consuming and lets it go while it waits. So converting results to Python objects (which
/// needs the interpreter, one thread at a time) overlaps with computing the next ones.
/// Workers claim and hand over items a few at a time ([`chunk_size`]), so the calling
/// thread is woken once per chunk rather than once per item. Stops early, returning its
/// error, when `consume` fails.
pub fn pipeline<T: Sync, R: Send>(
    py: Python<'_>,
    items: &[T],
    threads: usize,
    work: impl Fn(&T) -> R + Sync,
    mut consume: impl FnMut(usize, R) -> PyResult<()>,
) -> PyResult<()> {
    if items.is_empty() {
        return Ok(());
    }
    let threads = threads.clamp(1, items.len());
    let chunk = chunk_size(items.len(), threads);
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (tx, rx) = mpsc::channel::<(usize, Vec<R>)>();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let tx = tx.clone();
                let (next, stop, work) = (&next, &stop, &work);
                scope.spawn(move || {
                    while !stop.load(Ordering::Relaxed) {
                        let first = next.fetch_add(chunk, Ordering::Relaxed);
                        let Some(claimed) = items.get(first..(first + chunk).min(items.len()))
                        else {
                            break;
                        };
                        if claimed.is_empty()
                            || tx
                                .send((first, claimed.iter().map(work).collect()))
                                .is_err()
                        {
                            break;
                        }
                    }
                })
            })
            .collect();
        drop(tx);
        // Results received ahead of the one wanted next, by the index of their chunk's
        // first item.
        let mut pending: Vec<Option<std::vec::IntoIter<R>>> = std::iter::repeat_with(|| None)
            .take(items.len().div_ceil(chunk))
            .collect();
        let mut rx = Some(rx);
        let mut wanted = 0;
        let mut result = Ok(());
        'consume: while wanted < items.len() {
            if let Some(done) = pending[wanted / chunk].take() {
                for r in done {
                    if let Err(e) = consume(wanted, r) {
                        result = Err(e);
                        break 'consume;
                    }
                    wanted += 1;
                }
                continue;
            }
            let Some(receiver) = rx.take() else { break };
            let message = match receiver.try_recv() {
                Ok(m) => {
                    rx = Some(receiver);
                    Some(m)
                }
                Err(mpsc::TryRecvError::Empty) => {
                    // Wait without the interpreter, so other Python threads run.
                    let (receiver, m) = py.detach(move || {
                        let m = receiver.recv().ok();
                        (receiver, m)
                    });
                    rx = Some(receiver);
                    m
                }
                Err(mpsc::TryRecvError::Disconnected) => None,
            };
            match message {
                Some((first, done)) => pending[first / chunk] = Some(done.into_iter()),
                // Every worker is gone with results missing: one panicked; joining
                // below re-raises it.
                None => break,
            }
        }
        stop.store(true, Ordering::Relaxed);
        drop(rx);
        for w in workers {
            if let Err(panic) = w.join() {
                std::panic::resume_unwind(panic);
            }
        }
        result
    })
}

/// Items a [`pipeline`] worker claims at a time: enough that handing results over is
/// rare (each hand-over may wake the calling thread, a few microseconds of system time),
/// few enough that every worker gets several chunks (so none idles at the end) and the
/// first results come early.
fn chunk_size(items: usize, threads: usize) -> usize {
    (items / (threads * 8)).clamp(1, 16)
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_order_on_any_thread_count() {
        let items: Vec<usize> = (0..1000).collect();
        for threads in [1, 2, 3, 8, 5000] {
            assert_eq!(
                super::map(&items, threads, |x| x * 2),
                (0..1000).map(|x| x * 2).collect::<Vec<_>>()
            );
        }
        assert!(super::map(&Vec::<u8>::new(), 4, |x| *x).is_empty());
    }
}
