package io.tidemark.app.station.alert;

import io.tidemark.common.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts alerts as JSON to the configured webhook, one at a time, on a thread of its own: the
 * station hands an alert over and never waits for the network. A webhook that is down loses only
 * alerts past a bounded queue (counted and logged); each post is retried a few times with backoff.
 */
public final class WebhookSender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
    static final int QUEUE = 256;
    static final int ATTEMPTS = 3;

    private final URI webhook;
    private final HttpClient http;
    private final BlockingQueue<Alert> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Thread thread;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final long retryBackoffMs;
    private volatile boolean closing;

    public WebhookSender(URI webhook) {
        this(webhook, 2_000);
    }

    WebhookSender(URI webhook, long retryBackoffMs) {
        this.webhook = webhook;
        this.retryBackoffMs = retryBackoffMs;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.thread = new Thread(this::run, "webhook");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues an alert; never blocks. */
    public void send(Alert alert) {
        if (!queue.offer(alert)) {
            long n = dropped.incrementAndGet();
            log.warn("webhook queue full: dropped alert {} ({} dropped so far)", alert.condition(), n);
        }
    }

    public long sent() {
        return sent.get();
    }

    public long failed() {
        return failed.get();
    }

    public long dropped() {
        return dropped.get();
    }

    private void run() {
        while (!closing || !queue.isEmpty()) {
            Alert a;
            try {
                a = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (a != null) {
                post(a);
            }
        }
    }

    private void post(Alert a) {
        HttpRequest request = HttpRequest.newBuilder(webhook).timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(a))).build();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() / 100 == 2) {
                    sent.incrementAndGet();
                    return;
                }
                log.warn("webhook {} answered {} to alert {}", webhook, r.statusCode(), a.condition());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                log.warn("webhook {} unreachable for alert {}: {}", webhook, a.condition(), e.toString());
            }
            try {
                Thread.sleep(retryBackoffMs * attempt);
            } catch (InterruptedException e) {
                return;
            }
        }
        failed.incrementAndGet();
    }

    /** Sends what is queued (waiting at most {@code timeoutMs}), then stops. */
    public void close(long timeoutMs) {
        closing = true;
        try {
            thread.join(timeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
    }

    @Override
    public void close() {
        close(5_000);
    }
}
