// The floor under "10,000 clients reconnect at once and resume": how long this machine takes for N loopback
// clients to connect at once, upgrade to WebSocket, send one frame (their subscribe) and read back a replay of
// R frames, with no JVM, no HTTP library, no JSON, no journal. The server does what any WebSocket server must and
// nothing more: accept, read the upgrade request, answer 101 with the SHA-1 accept key and a welcome frame, read
// the client's masked frame, write the replay in one write(2). The parent is the server (T threads, one epoll and
// one SO_REUSEPORT listener each, as the relay runs one I/O thread per core); the child holds the clients, spread
// over 127.0.0.2..9, and opens them all at once, as the harness's storm does. It prints when the last client had
// its whole replay, from the first connect(2), and the server's CPU per client. Loopback only; it stops by itself.
//
// Arguments: connections, replay frames, frame bytes (header included), server threads.
//
//   gcc -O2 -pthread -o /tmp/handshake_floor loadtest/floor/handshake_floor.c && /tmp/handshake_floor 10000 20 400 2
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static void die(const char *what) { perror(what); exit(1); }

// SHA-1 (RFC 3174), only for the 60-byte key + GUID of each handshake
static void sha1(const unsigned char *msg, size_t len, unsigned char out[20]) {
    uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
    unsigned char block[128] = {0};
    size_t total = ((len + 8) / 64 + 1) * 64;
    memcpy(block, msg, len);
    block[len] = 0x80;
    uint64_t bits = (uint64_t)len * 8;
    for (int i = 0; i < 8; i++) block[total - 1 - i] = (unsigned char)(bits >> (8 * i));
    for (size_t off = 0; off < total; off += 64) {
        uint32_t w[80];
        for (int i = 0; i < 16; i++)
            w[i] = (uint32_t)block[off + 4 * i] << 24 | (uint32_t)block[off + 4 * i + 1] << 16
                    | (uint32_t)block[off + 4 * i + 2] << 8 | block[off + 4 * i + 3];
        for (int i = 16; i < 80; i++) {
            uint32_t x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16];
            w[i] = x << 1 | x >> 31;
        }
        uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
        for (int i = 0; i < 80; i++) {
            uint32_t f, k;
            if (i < 20) f = (b & c) | (~b & d), k = 0x5A827999;
            else if (i < 40) f = b ^ c ^ d, k = 0x6ED9EBA1;
            else if (i < 60) f = (b & c) | (b & d) | (c & d), k = 0x8F1BBCDC;
            else f = b ^ c ^ d, k = 0xCA62C1D6;
            uint32_t t = (a << 5 | a >> 27) + f + e + k + w[i];
            e = d, d = c, c = b << 30 | b >> 2, b = a, a = t;
        }
        h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
    }
    for (int i = 0; i < 20; i++) out[i] = (unsigned char)(h[i / 4] >> (24 - 8 * (i % 4)));
}

static void base64(const unsigned char *in, int len, char *out) {
    static const char *t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    int o = 0;
    for (int i = 0; i < len; i += 3) {
        uint32_t v = in[i] << 16 | (i + 1 < len ? in[i + 1] << 8 : 0) | (i + 2 < len ? in[i + 2] : 0);
        out[o++] = t[v >> 18 & 63];
        out[o++] = t[v >> 12 & 63];
        out[o++] = i + 1 < len ? t[v >> 6 & 63] : '=';
        out[o++] = i + 2 < len ? t[v & 63] : '=';
    }
    out[o] = 0;
}

static const char WELCOME[] = "{\"type\":\"welcome\",\"protocol\":1,\"server\":\"floor\",\"epoch\":\"0123456789abcdef\"}";

struct conn { char *buf; int got; int phase; };

static int n, frames, frame_bytes, threads, port;
static struct conn *conns;
static char *replay;
static int replay_len;
static volatile int stop;

static void serve(int fd) {
    struct conn *c = &conns[fd];
    if (!c->buf) c->buf = malloc(4096);
    ssize_t m = read(fd, c->buf + c->got, 4096 - c->got);
    if (m <= 0) { close(fd); free(c->buf); c->buf = NULL; c->got = 0; c->phase = 0; return; }
    c->got += m;
    if (c->phase == 0) {
        c->buf[c->got < 4096 ? c->got : 4095] = 0;
        char *end = strstr(c->buf, "\r\n\r\n");
        if (!end) return;
        char *key = strcasestr(c->buf, "Sec-WebSocket-Key:");
        if (!key) die("upgrade request without Sec-WebSocket-Key");
        key += 18;
        while (*key == ' ') key++;
        char joined[128];
        int k = 0;
        while (key[k] && key[k] != '\r' && k < 60) k++;
        memcpy(joined, key, k);
        memcpy(joined + k, "258EAFA5-E914-47DA-95CA-C5AB0DC85B11", 36);
        unsigned char digest[20];
        sha1((unsigned char *)joined, k + 36, digest);
        char accept[32];
        base64(digest, 20, accept);
        char out[512];
        int len = snprintf(out, sizeof out,
                           "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           "Sec-WebSocket-Accept: %s\r\n\r\n",
                           accept);
        out[len++] = (char)0x81;
        out[len++] = (char)(sizeof WELCOME - 1);
        memcpy(out + len, WELCOME, sizeof WELCOME - 1);
        len += sizeof WELCOME - 1;
        if (write(fd, out, len) != len) die("write 101");
        int rest = c->got - (int)(end + 4 - c->buf);
        memmove(c->buf, end + 4, rest);
        c->got = rest;
        c->phase = 1;
    }
    if (c->phase == 1 && c->got >= 2) {
        int len = c->buf[1] & 0x7f; // the subscribe frame: masked, under 126 bytes
        if (c->got < 6 + len) return;
        unsigned char *mask = (unsigned char *)c->buf + 2;
        for (int i = 0; i < len; i++) c->buf[6 + i] ^= mask[i % 4];
        if (write(fd, replay, replay_len) != replay_len) die("write replay (a short write on a fresh socket)");
        c->phase = 2;
        free(c->buf); // what a resumed connection keeps is its socket
        c->buf = NULL;
        c->got = 0;
    }
}

static void *server_thread(void *arg) {
    (void)arg;
    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) || listen(lfd, 4096)) die("listen");
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = lfd};
    epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
    struct epoll_event evs[1024];
    while (!stop) {
        int k = epoll_wait(ep, evs, 1024, 100);
        for (int j = 0; j < k; j++) {
            int fd = evs[j].data.fd;
            if (fd != lfd) { serve(fd); continue; }
            int cfd;
            while ((cfd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                if (cfd >= n + 200) die("more connections than asked for");
                setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                struct epoll_event cev = {.events = EPOLLIN, .data.fd = cfd};
                epoll_ctl(ep, EPOLL_CTL_ADD, cfd, &cev);
            }
        }
    }
    return NULL;
}

// the clients: all connect at once, upgrade, subscribe, read the replay; returns when the last one has it
static void clients(int go, int report) {
    char c;
    if (read(go, &c, 1) != 1) die("go");
    int ep = epoll_create1(0);
    int *phase = calloc(n + 200, sizeof(int));
    long *got = calloc(n + 200, sizeof(long));
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int response = (int)strlen("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                               "Sec-WebSocket-Accept: \r\n\r\n") + 28 + 2 + (int)sizeof WELCOME - 1;
    char subscribe[128] = {(char)0x81, (char)(0x80 | 60), 1, 2, 3, 4};
    memset(subscribe + 6, 'x', 60);
    double start = now_us();
    for (int i = 0; i < n; i++) {
        int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        if (fd < 0 || fd >= n + 200) die("socket");
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        struct sockaddr_in src = {.sin_family = AF_INET, .sin_port = 0};
        src.sin_addr.s_addr = htonl(0x7f000002 + (i % 8)); // 127.0.0.2 .. 127.0.0.9
        if (bind(fd, (struct sockaddr *)&src, sizeof src)) die("bind source");
        if (connect(fd, (struct sockaddr *)&addr, sizeof addr) && errno != EINPROGRESS) die("connect");
        struct epoll_event ev = {.events = EPOLLOUT, .data.fd = fd};
        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    }
    char *buf = malloc(65536);
    struct epoll_event evs[1024];
    int done = 0;
    while (done < n) {
        int k = epoll_wait(ep, evs, 1024, 20000);
        if (k <= 0) die("epoll_wait (a client stalled for 20 s)");
        for (int j = 0; j < k; j++) {
            int fd = evs[j].data.fd;
            if (phase[fd] == 0) { // connected: the upgrade request, as a browser or the harness sends it
                char req[512];
                int len = snprintf(req, sizeof req,
                                   "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                   "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ%02d==\r\nSec-WebSocket-Version: 13\r\n"
                                   "Sec-WebSocket-Protocol: alert-relay.v1\r\n\r\n",
                                   port, fd % 100);
                if (write(fd, req, len) != len) die("write request");
                struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};
                epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev);
                phase[fd] = 1;
                continue;
            }
            ssize_t m = read(fd, buf, 65536);
            if (m <= 0) die("read (the server closed a client)");
            got[fd] += m;
            if (phase[fd] == 1 && got[fd] >= response) {
                if (write(fd, subscribe, 66) != 66) die("write subscribe");
                got[fd] -= response;
                phase[fd] = 2;
            }
            if (phase[fd] == 2 && got[fd] >= replay_len) {
                phase[fd] = 3;
                done++;
            }
        }
    }
    double took = now_us() - start;
    if (write(report, &took, sizeof took) != sizeof took) die("report");
    if (read(go, &c, 1) < 0) die("wait for the end"); // hold the sockets until the server has counted
}

int main(int argc, char **argv) {
    n = argc > 1 ? atoi(argv[1]) : 10000;
    frames = argc > 2 ? atoi(argv[2]) : 20;
    frame_bytes = argc > 3 ? atoi(argv[3]) : 400;
    threads = argc > 4 ? atoi(argv[4]) : 2;
    if (threads < 1 || threads > 64) threads = 2;
    if (frame_bytes < 130 || frame_bytes > 65000) die("frame bytes must be 130 to 65000");
    struct rlimit rl = {n + 300, n + 300};
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0) die("setrlimit (needs n + 300 open files)");

    // a free port: bind to 0, read it, close; the server threads bind it with SO_REUSEPORT
    int probe = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = 0};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (bind(probe, (struct sockaddr *)&addr, sizeof addr) || getsockname(probe, (struct sockaddr *)&addr, &len))
        die("find a free port");
    port = ntohs(addr.sin_port);
    close(probe);

    replay_len = frames * frame_bytes;
    replay = malloc(replay_len);
    for (int f = 0; f < frames; f++) { // text frames with a 16-bit length: 4 header bytes, then the payload
        char *p = replay + f * frame_bytes;
        int payload = frame_bytes - 4;
        p[0] = (char)0x81, p[1] = 126, p[2] = (char)(payload >> 8), p[3] = (char)(payload & 0xff);
        memset(p + 4, 'x', payload);
    }

    int go[2], report[2];
    if (pipe(go) || pipe(report)) die("pipe");
    pid_t child = fork();
    if (child == 0) {
        close(go[1]); // the parent closing its end is the child's signal to let go of its sockets
        close(report[0]);
        clients(go[0], report[1]);
        return 0;
    }
    close(go[0]);
    close(report[1]);
    conns = calloc(n + 200, sizeof(struct conn));
    pthread_t t[64];
    for (int k = 0; k < threads; k++) pthread_create(&t[k], NULL, server_thread, NULL);
    usleep(200000); // the listeners are up (bind and listen take microseconds; this is generous)
    struct rusage before, after;
    getrusage(RUSAGE_SELF, &before);
    char c = 1;
    if (write(go[1], &c, 1) != 1) die("go");
    double took;
    if (read(report[0], &took, sizeof took) != sizeof took) die("the clients did not report");
    getrusage(RUSAGE_SELF, &after);
    stop = 1;
    for (int k = 0; k < threads; k++) pthread_join(t[k], NULL);
    close(go[1]);
    waitpid(child, NULL, 0);
    double cpu_us = (after.ru_utime.tv_sec - before.ru_utime.tv_sec) * 1e6
            + (after.ru_utime.tv_usec - before.ru_utime.tv_usec) + (after.ru_stime.tv_sec - before.ru_stime.tv_sec) * 1e6
            + (after.ru_stime.tv_usec - before.ru_stime.tv_usec);
    printf("%d loopback clients connecting at once, each upgraded and sent a replay of %d %d-byte frames, %d server"
           " thread(s):\n", n, frames, frame_bytes, threads);
    printf("  last client has its replay: %.1f ms after the first connect; server CPU %.1f us per client\n",
           took / 1e3, cpu_us / n);
    printf("HANDSHAKE_FLOOR allResumedMs=%.1f serverCpuPerClientUs=%.1f\n", took / 1e3, cpu_us / n);
    return 0;
}
