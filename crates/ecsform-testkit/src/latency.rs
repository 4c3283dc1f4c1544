//! A loopback proxy that adds latency to every request, for benchmarks that measure how
//! ecsform behaves when each AWS call takes a while.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Starts a loopback proxy to `upstream` that holds each request for `delay` (a request:
/// client bytes after a pause of more than 5 ms); its port (0 if it could not bind).
pub async fn latency_proxy(upstream: u16, delay: Duration) -> u16 {
    let Ok(listener) = TcpListener::bind("127.0.0.1:0").await else {
        return 0;
    };
    let Ok(port) = listener.local_addr().map(|a| a.port()) else {
        return 0;
    };
    tokio::spawn(async move {
        loop {
            let Ok((mut client, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let Ok(mut server) = TcpStream::connect(("127.0.0.1", upstream)).await else {
                    return;
                };
                let (mut cr, mut cw) = client.split();
                let (mut sr, mut sw) = server.split();
                let up = async {
                    let mut buf = vec![0u8; 64 * 1024];
                    let mut last = Instant::now() - Duration::from_secs(1);
                    loop {
                        let n = match cr.read(&mut buf).await {
                            Ok(0) | Err(_) => break,
                            Ok(n) => n,
                        };
                        if last.elapsed() > Duration::from_millis(5) {
                            tokio::time::sleep(delay).await;
                        }
                        last = Instant::now();
                        if sw.write_all(&buf[..n]).await.is_err() {
                            break;
                        }
                    }
                    let _ = sw.shutdown().await;
                };
                let down = tokio::io::copy(&mut sr, &mut cw);
                let _ = tokio::join!(up, down);
            });
        }
    });
    port
}

/// A latency proxy on a thread of its own (its own single-threaded runtime, its
/// allocations left out of [`crate::alloc`]'s counts), which counts the requests it
/// delays. Stops when dropped.
#[derive(Debug)]
pub struct Proxy {
    /// The loopback port to send requests to.
    pub port: u16,
    requests: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Proxy {
    /// Starts a proxy to `upstream` that holds each request for `delay` (a request:
    /// client bytes after a pause of more than 5 ms on a connection, as in
    /// [`latency_proxy`]). `None` when it could not start.
    #[must_use]
    pub fn start(upstream: u16, delay: Duration) -> Option<Self> {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicUsize, Ordering};

        let requests = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&requests);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let (ready, port) = std::sync::mpsc::channel::<Option<u16>>();
        let thread = std::thread::Builder::new()
            .name("latency-proxy".into())
            .spawn(move || {
                crate::alloc::leave_this_thread_out();
                let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                else {
                    let _ = ready.send(None);
                    return;
                };
                runtime.block_on(async move {
                    let Ok(listener) = TcpListener::bind("127.0.0.1:0").await else {
                        let _ = ready.send(None);
                        return;
                    };
                    let _ = ready.send(listener.local_addr().ok().map(|a| a.port()));
                    let serve = async {
                        loop {
                            let Ok((client, _)) = listener.accept().await else {
                                return;
                            };
                            let counter = Arc::clone(&counter);
                            tokio::spawn(relay(client, upstream, delay, move || {
                                counter.fetch_add(1, Ordering::Relaxed);
                            }));
                        }
                    };
                    tokio::select! {
                        () = serve => {}
                        _ = stopped => {}
                    }
                });
            })
            .ok()?;
        match port.recv() {
            Ok(Some(port)) => Some(Self {
                port,
                requests,
                stop: Some(stop),
                thread: Some(thread),
            }),
            _ => {
                let _ = thread.join();
                None
            }
        }
    }

    /// The requests delayed so far.
    #[must_use]
    pub fn requests(&self) -> usize {
        self.requests.load(std::sync::atomic::Ordering::Relaxed)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// One proxied connection. A request starts with the connection's first client bytes
/// and with the first client bytes after the server answered (HTTP/1.1 alternates; no
/// pause heuristic, so back-to-back requests on a kept-alive connection are each
/// delayed); each is counted (`on_request`) and held for `delay`.
async fn relay(
    mut client: TcpStream,
    upstream: u16,
    delay: Duration,
    on_request: impl Fn() + Send + 'static,
) {
    use std::sync::atomic::{AtomicBool, Ordering};

    // An address, not a name: nothing is resolved on another thread.
    let upstream = std::net::SocketAddr::from(([127, 0, 0, 1], upstream));
    let Ok(mut server) = TcpStream::connect(upstream).await else {
        return;
    };
    let (mut cr, mut cw) = client.split();
    let (mut sr, mut sw) = server.split();
    // true: the next client bytes start a request.
    let answered = AtomicBool::new(true);
    let up = async {
        let mut buf = vec![0u8; 16 * 1024];
        loop {
            let n = match cr.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            if answered.swap(false, Ordering::AcqRel) {
                on_request();
                if !delay.is_zero() {
                    tokio::time::sleep(delay).await;
                }
            }
            if sw.write_all(&buf[..n]).await.is_err() {
                break;
            }
        }
        let _ = sw.shutdown().await;
    };
    let down = async {
        let mut buf = vec![0u8; 16 * 1024];
        loop {
            let n = match sr.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            answered.store(true, Ordering::Release);
            if cw.write_all(&buf[..n]).await.is_err() {
                break;
            }
        }
        let _ = cw.shutdown().await;
    };
    let _ = tokio::join!(up, down);
}
