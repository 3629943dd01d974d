//! Blocking steps bounded by the deadline, without a watchdog thread.
//!
//! Only two steps of the relay can block with no timeout of their own: reading a stdin the
//! harness never closes, and connecting to an engine whose accept backlog is full. `poll(2)` and a
//! non-blocking `connect(2)` bound both. A thread would do the same, but starting one costs a
//! tenth of a millisecond (its stack and signal stack are fresh pages), which is a tenth of the
//! relay's whole budget.
// The two system calls std does not offer (poll, a non-blocking connect) go through libc.
#![allow(unsafe_code)]

use std::io::{self, ErrorKind};
use std::os::fd::{FromRawFd, OwnedFd, RawFd};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::time::{Duration, Instant};

/// How long to wait before trying again when an engine's backlog is full.
const BACKLOG_RETRY: Duration = Duration::from_millis(2);

/// Milliseconds until `deadline`, rounded up so a wait never ends before it; `None` once past.
fn millis_left(deadline: Instant) -> Option<i32> {
    let left = deadline.checked_duration_since(Instant::now())?;
    if left.is_zero() {
        return None;
    }
    Some(i32::try_from(left.as_micros().div_ceil(1000)).unwrap_or(i32::MAX))
}

/// Waits until `fd` has something to read (data, end of file or an error to report); `Ok(false)`
/// when the deadline comes first.
pub fn readable(fd: RawFd, deadline: Instant) -> io::Result<bool> {
    loop {
        let Some(ms) = millis_left(deadline) else {
            return Ok(false);
        };
        let mut pfd = libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: `pfd` is one valid, exclusively borrowed pollfd for the duration of the call.
        let n = unsafe { libc::poll(&mut pfd, 1, ms) };
        match n {
            0 => {} // timed out: the loop checks the deadline again
            n if n > 0 => return Ok(true),
            _ => {
                let e = io::Error::last_os_error();
                if e.kind() != ErrorKind::Interrupted {
                    return Err(e);
                }
            }
        }
    }
}

/// Connects to the Unix socket at `path`, giving up at `deadline` (`ErrorKind::TimedOut`) if the
/// engine's backlog stays full. The stream returned is blocking.
pub fn connect(path: &Path, deadline: Instant) -> io::Result<UnixStream> {
    // SAFETY: zeroed is a valid sockaddr_un; the path is copied in below, bounds checked.
    let mut addr: libc::sockaddr_un = unsafe { std::mem::zeroed() };
    addr.sun_family = libc::AF_UNIX as libc::sa_family_t;
    let bytes = path.as_os_str().as_bytes();
    if bytes.len() >= addr.sun_path.len() || bytes.contains(&0) {
        return Err(io::Error::new(
            ErrorKind::InvalidInput,
            "socket path too long for a Unix socket",
        ));
    }
    for (dst, &src) in addr.sun_path.iter_mut().zip(bytes) {
        *dst = src as libc::c_char;
    }
    let len = std::mem::size_of::<libc::sa_family_t>() + bytes.len() + 1;
    let len = libc::socklen_t::try_from(len).map_err(io::Error::other)?;

    // SAFETY: plain system call; the descriptor is owned at once.
    let fd = unsafe {
        libc::socket(
            libc::AF_UNIX,
            libc::SOCK_STREAM | libc::SOCK_CLOEXEC | libc::SOCK_NONBLOCK,
            0,
        )
    };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `fd` was just returned by socket(2) and is not owned elsewhere.
    let fd = unsafe { OwnedFd::from_raw_fd(fd) };
    let raw = std::os::fd::AsRawFd::as_raw_fd(&fd);
    loop {
        // SAFETY: `addr` is a valid sockaddr_un and `len` does not exceed its size.
        let rc = unsafe { libc::connect(raw, std::ptr::addr_of!(addr).cast(), len) };
        if rc == 0 {
            break;
        }
        let e = io::Error::last_os_error();
        match e.raw_os_error() {
            Some(libc::EINTR) => continue,
            // A full backlog: a non-blocking Unix socket says so at once instead of waiting.
            Some(libc::EAGAIN) => match millis_left(deadline) {
                Some(_) => {
                    let left = deadline.saturating_duration_since(Instant::now());
                    std::thread::sleep(BACKLOG_RETRY.min(left));
                }
                None => {
                    return Err(io::Error::new(
                        ErrorKind::TimedOut,
                        "the engine's backlog stayed full",
                    ))
                }
            },
            _ => return Err(e),
        }
    }
    let stream = UnixStream::from(fd);
    stream.set_nonblocking(false)?;
    Ok(stream)
}
