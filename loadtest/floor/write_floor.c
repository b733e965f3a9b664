// The floor under "one alert to 10,000 clients" on this machine: how long the kernel alone takes to
// deliver one small frame to each of N loopback TCP connections, with no JVM, no WebSocket, no JSON.
// The parent holds the server ends and writes one frame to every socket per round (one write(2) each,
// as any server must: there is no syscall that writes to many sockets); the child holds the client
// ends, spread over 127.0.0.2..9, and reads with epoll. Per round it prints when the last client had
// its frame, from the moment the parent started writing (CLOCK_MONOTONIC is shared by both
// processes). Loopback only; bounded rounds; stops by itself.
//
// Arguments: connections, rounds, frame bytes, writer threads (the relay's Undertow runs one I/O thread per
// core: 2 here; each writes to its own share of the sockets).
//
//   gcc -O2 -pthread -o /tmp/write_floor loadtest/floor/write_floor.c && /tmp/write_floor 10000 40 300 2
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
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

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void die(const char *what) { perror(what); exit(1); }

struct share { int *fds; int from, to; const char *frame; int size; };

static void *write_share(void *arg) {
    struct share *s = arg;
    for (int i = s->from; i < s->to; i++) {
        if (write(s->fds[i], s->frame, s->size) != s->size) die("write");
    }
    return NULL;
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 10000;
    int rounds = argc > 2 ? atoi(argv[2]) : 40;
    int size = argc > 3 ? atoi(argv[3]) : 300;
    int threads = argc > 4 ? atoi(argv[4]) : 1;
    if (threads < 1 || threads > 64) threads = 1;
    struct rlimit rl = {n + 100, n + 100};
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0) die("setrlimit (needs n + 100 open files)");

    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = 0};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) || listen(lfd, 4096)) die("listen");
    socklen_t len = sizeof addr;
    getsockname(lfd, (struct sockaddr *)&addr, &len);

    int go[2], ready[2], report[2];
    if (pipe(go) || pipe(ready) || pipe(report)) die("pipe");
    pid_t child = fork();
    if (child == 0) { // the clients
        close(lfd);
        int ep = epoll_create1(0);
        for (int i = 0; i < n; i++) {
            int fd = socket(AF_INET, SOCK_STREAM, 0);
            struct sockaddr_in src = {.sin_family = AF_INET, .sin_port = 0};
            src.sin_addr.s_addr = htonl(0x7f000002 + (i % 8)); // 127.0.0.2 .. 127.0.0.9
            if (bind(fd, (struct sockaddr *)&src, sizeof src)) die("bind source");
            if (connect(fd, (struct sockaddr *)&addr, sizeof addr)) die("connect");
            struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};
            epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
        }
        char c = 1;
        write(ready[1], &c, 1);
        char *buf = malloc(65536);
        struct epoll_event evs[1024];
        for (int r = 0; r < rounds; r++) {
            double start;
            if (read(go[0], &start, sizeof start) != sizeof start) die("go");
            int got = 0;
            while (got < n) {
                int k = epoll_wait(ep, evs, 1024, 10000);
                if (k <= 0) die("epoll_wait (a frame never came)");
                for (int j = 0; j < k; j++) {
                    ssize_t m = read(evs[j].data.fd, buf, 65536);
                    if (m <= 0) die("read");
                    got += m / size; // frames of exactly size bytes, never split on loopback at this size
                }
            }
            double took = now_us() - start;
            write(report[1], &took, sizeof took);
        }
        return 0;
    }
    int *fds = malloc(sizeof(int) * n);
    for (int i = 0; i < n; i++) {
        fds[i] = accept(lfd, NULL, NULL);
        if (fds[i] < 0) die("accept");
        int one = 1;
        setsockopt(fds[i], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    char c;
    read(ready[0], &c, 1);
    char *frame = malloc(size);
    memset(frame, 'x', size);
    double *last = malloc(sizeof(double) * rounds), *writes = malloc(sizeof(double) * rounds);
    struct rusage before, after;
    getrusage(RUSAGE_SELF, &before);
    for (int r = 0; r < rounds; r++) {
        double start = now_us();
        write(go[1], &start, sizeof start);
        pthread_t t[64];
        struct share sh[64];
        for (int k = 0; k < threads; k++) {
            sh[k] = (struct share){fds, (int)((long)n * k / threads), (int)((long)n * (k + 1) / threads), frame, size};
            pthread_create(&t[k], NULL, write_share, &sh[k]);
        }
        for (int k = 0; k < threads; k++) pthread_join(t[k], NULL);
        writes[r] = now_us() - start;
        if (read(report[0], &last[r], sizeof last[r]) != sizeof last[r]) die("report");
    }
    getrusage(RUSAGE_SELF, &after);
    waitpid(child, NULL, 0);
    // the writer's CPU, user and system (on loopback the kernel runs the receiver's TCP path in the sender's
    // system time too): the same measure as a server's CPU time divided by its deliveries
    double cpu_us = (after.ru_utime.tv_sec - before.ru_utime.tv_sec) * 1e6
            + (after.ru_utime.tv_usec - before.ru_utime.tv_usec) + (after.ru_stime.tv_sec - before.ru_stime.tv_sec) * 1e6
            + (after.ru_stime.tv_usec - before.ru_stime.tv_usec);
    qsort(last, rounds, sizeof(double), cmp);
    qsort(writes, rounds, sizeof(double), cmp);
    printf("%d loopback connections, %d rounds of one %d-byte frame to each, %d writer thread(s):\n", n, rounds,
           size, threads);
    printf("  writing all: median %.1f ms (%.1f us of wall time per write), min %.1f ms\n",
           writes[rounds / 2] / 1e3, writes[rounds / 2] / n, writes[0] / 1e3);
    printf("  last client has it: median %.1f ms, p90 %.1f ms, max %.1f ms, min %.1f ms\n",
           last[rounds / 2] / 1e3, last[rounds * 9 / 10] / 1e3, last[rounds - 1] / 1e3, last[0] / 1e3);
    printf("  writer CPU: %.1f us per write (user + system, %d writes)\n", cpu_us / ((double)rounds * n), rounds * n);
    printf("FLOOR cpuPerWriteUs=%.2f lastReaderP50Ms=%.1f lastReaderP90Ms=%.1f lastReaderP99Ms=%.1f\n",
           cpu_us / ((double)rounds * n), last[rounds / 2] / 1e3, last[rounds * 9 / 10] / 1e3,
           last[rounds * 99 / 100] / 1e3);
    return 0;
}
