-- wrk's own latency record (one-microsecond buckets per thread, merged), summed up as one line bench/load/run.sh reads.
done = function(summary, latency, requests)
    local e = summary.errors
    io.write(string.format("RESULT %.0f %.2f %.2f %.2f %d %d\n",
        summary.requests / (summary.duration / 1e6),
        latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
        e.connect + e.read + e.write + e.status + e.timeout, summary.requests))
end
