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
