//! `DetectorBuilder::threads` bounds the threads a batch starts (issue 16: four caller
//! threads used to make 4 × all-cores threads). Counted from the operating system's list of
//! the process's threads, so this file holds one test only: no other test's threads come
//! and go while it counts.

#[cfg(target_os = "linux")]
#[test]
fn a_batch_starts_at_most_the_threads_it_was_given() {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    fn threads_now() -> usize {
        std::fs::read_dir("/proc/self/task").map_or(0, |d| d.count())
    }
    // Long enough passages that a batch runs for a while on this machine.
    let text = "The minister mentioned the 3rd spherical of talks would start final yr, and \
                the assertion said most cancers fell. "
        .repeat(120);
    let texts = vec![text; 96];
    let one_by_one = despin::Detector::builtin().analyze(&texts[0]);
    for threads in [1usize, 2, 3] {
        let detector = despin::Detector::builder()
            .threads(threads)
            .build()
            .unwrap();
        let (stop, most) = (AtomicBool::new(false), AtomicUsize::new(0));
        let reports = std::thread::scope(|scope| {
            scope.spawn(|| {
                while !stop.load(Ordering::Relaxed) {
                    most.fetch_max(threads_now(), Ordering::Relaxed);
                    std::thread::sleep(std::time::Duration::from_micros(200));
                }
            });
            // The sampler is running: everything counted from here on is the batch's.
            std::thread::sleep(std::time::Duration::from_millis(20));
            let before = threads_now();
            let reports = detector.analyze_batch(&texts);
            stop.store(true, Ordering::Relaxed);
            (reports, before)
        });
        let (reports, before) = reports;
        assert!(reports.iter().all(|r| *r == one_by_one));
        let started = most.load(Ordering::Relaxed).saturating_sub(before);
        if threads == 1 {
            assert_eq!(started, 0, "threads(1) works on the calling thread");
        } else {
            assert!(started <= threads, "threads({threads}) started {started}");
            assert!(started >= 1, "the count saw the batch's threads");
        }
    }
}
