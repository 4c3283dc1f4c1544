//! HTTP/1.1 requests as loopback test servers read them: the fault proxies in front of
//! the emulator (one request per connection) and the corpus's replay server (keep-alive).

use std::io::Read;

/// One request: its head (request line and headers) and its body.
#[derive(Debug, Clone)]
pub struct Request {
    pub head: String,
    pub body: Vec<u8>,
    /// The request as it came: head, then the body as sent (chunked or not).
    pub raw: Vec<u8>,
}

impl Request {
    /// The value of a header (names compared without case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (k, v) = line.split_once(':')?;
            k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }

    /// The request line: `POST / HTTP/1.1`.
    pub fn request_line(&self) -> &str {
        self.head.lines().next().unwrap_or_default()
    }
}

/// Reads requests one after another from a connection (keep-alive): bytes read past a
/// request are kept for the next.
#[derive(Debug)]
pub struct Reader<S> {
    stream: S,
    buf: Vec<u8>,
}

impl<S: Read> Reader<S> {
    pub fn new(stream: S) -> Self {
        Self {
            stream,
            buf: Vec::new(),
        }
    }

    /// The stream, to answer on.
    pub fn stream(&mut self) -> &mut S {
        &mut self.stream
    }

    /// Reads until `buf` holds at least `n` bytes; false at the end of the stream.
    fn fill(&mut self, n: usize) -> bool {
        let mut chunk = [0u8; 8192];
        while self.buf.len() < n {
            match self.stream.read(&mut chunk) {
                Ok(0) | Err(_) => return false,
                Ok(k) => self.buf.extend_from_slice(&chunk[..k]),
            }
        }
        true
    }

    /// Reads until `buf` holds `needle` from `from` on; its position.
    fn find(&mut self, from: usize, needle: &[u8]) -> Option<usize> {
        loop {
            if let Some(i) = self.buf[from.min(self.buf.len())..]
                .windows(needle.len())
                .position(|w| w == needle)
            {
                return Some(from + i);
            }
            let have = self.buf.len();
            if !self.fill(have + 1) {
                return None;
            }
        }
    }

    /// The next request (a `Content-Length` or chunked body); `None` when the peer
    /// closed the connection.
    pub fn next_request(&mut self) -> Option<Request> {
        let head_end = self.find(0, b"\r\n\r\n")? + 4;
        let head = String::from_utf8_lossy(&self.buf[..head_end]).into_owned();
        let lower = head.to_ascii_lowercase();
        let chunked = lower
            .lines()
            .any(|l| l.starts_with("transfer-encoding:") && l.contains("chunked"));
        let (body, end) = if chunked {
            let mut body = Vec::new();
            let mut at = head_end;
            loop {
                let line_end = self.find(at, b"\r\n")?;
                let size_text = String::from_utf8_lossy(&self.buf[at..line_end]).into_owned();
                let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
                let data = line_end + 2;
                if !self.fill(data + size + 2) {
                    return None;
                }
                body.extend_from_slice(&self.buf[data..data + size]);
                at = data + size + 2;
                if size == 0 {
                    // Trailers, if any, end with an empty line.
                    let end = if self.buf[data..].starts_with(b"\r\n") {
                        data + 2
                    } else {
                        self.find(data, b"\r\n\r\n")? + 4
                    };
                    break (body, end);
                }
            }
        } else {
            let length: usize = lower
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            if !self.fill(head_end + length) {
                // A short body: what came is the request.
                let body = self.buf[head_end..].to_vec();
                let end = self.buf.len();
                let raw = self.buf.drain(..end).collect();
                return Some(Request { head, body, raw });
            }
            (
                self.buf[head_end..head_end + length].to_vec(),
                head_end + length,
            )
        };
        let raw = self.buf.drain(..end).collect();
        Some(Request { head, body, raw })
    }
}

/// One HTTP/1.1 request (head and body), as bytes.
pub fn read_http_message(stream: &mut std::net::TcpStream) -> Option<Vec<u8>> {
    Reader::new(stream).next_request().map(|r| r.raw)
}

/// `application/x-www-form-urlencoded` text decoded: `+` is a space, `%XX` a byte.
pub fn form_decode(s: &str) -> String {
    let hex = |b: u8| char::from(b).to_digit(16);
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The parameters of a form body, decoded, in order.
pub fn form_params(body: &str) -> Vec<(String, String)> {
    body.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (form_decode(k), form_decode(v))
        })
        .collect()
}
