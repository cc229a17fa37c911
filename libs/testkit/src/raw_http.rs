//! HTTP/1.1 written by hand over TCP, for what an HTTP client library will not do: stop halfway
//! through a request, or keep writing a body the server is refusing.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

pub struct RawConnection(TcpStream);

impl RawConnection {
    /// A connection to the server on `port` of this machine.
    pub async fn open(port: u16) -> std::io::Result<Self> {
        TcpStream::connect(("127.0.0.1", port)).await.map(Self)
    }

    /// A connection to the server on `port` of this machine, from another loopback address
    /// (`127.0.0.2`, …: Linux answers all of 127.0.0.0/8), as a client elsewhere would be.
    pub async fn open_from(from: IpAddr, port: u16) -> std::io::Result<Self> {
        let socket = TcpSocket::new_v4()?;
        socket.bind(SocketAddr::new(from, 0))?;
        socket.connect(SocketAddr::from(([127, 0, 0, 1], port))).await.map(Self)
    }

    /// Whatever the server sent within `patience` (maybe nothing), without waiting for it to close.
    pub async fn read_some(&mut self, patience: Duration) -> String {
        let mut answer = vec![0; 4096];
        match tokio::time::timeout(patience, self.0.read(&mut answer)).await {
            Ok(Ok(read)) => String::from_utf8_lossy(&answer[..read]).into_owned(),
            _ => String::new(),
        }
    }

    pub async fn send(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.0.write_all(bytes).await
    }

    /// Sends `body` in 64 KiB pieces with a pause before each, as a client on a real network
    /// does: a server that answers and hangs up without reading breaks the pipe under them.
    pub async fn send_in_pieces(&mut self, body: &[u8]) -> std::io::Result<()> {
        for piece in body.chunks(64 * 1024) {
            tokio::time::sleep(Duration::from_millis(20)).await;
            self.0.write_all(piece).await?;
        }
        Ok(())
    }

    /// Everything the server sent until it closed the connection; `None` when it had not closed
    /// it within `patience`. Panics if the connection broke instead of closing.
    pub async fn read_until_closed(&mut self, patience: Duration) -> Option<String> {
        let mut answer = Vec::new();
        let closed = tokio::time::timeout(patience, self.0.read_to_end(&mut answer)).await.ok()?;
        closed.expect("the connection ends cleanly");
        Some(String::from_utf8_lossy(&answer).into_owned())
    }
}

/// Lets this process (and the servers it starts afterwards) open `count` files and sockets at
/// once, raising the soft limit towards the hard one; fails, saying what to do, when the hard
/// limit is lower.
pub fn allow_open_files(count: u64) -> anyhow::Result<()> {
    let allowed = rlimit::increase_nofile_limit(count)?;
    if allowed < count {
        anyhow::bail!(
            "this test opens {count} connections, but the open-files limit is {allowed}: raise it (`ulimit -n {count}`)"
        );
    }
    Ok(())
}

/// The head of a `POST` to `path` with a body of `length` bytes of `content_type`.
pub fn post_head(path: &str, content_type: &str, length: usize) -> String {
    format!(
        "POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: {content_type}\r\nContent-Length: {length}\r\n\r\n"
    )
}
