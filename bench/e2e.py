"""End-to-end load: generate → completed → downloaded, at a given concurrency.

Usage: python3 bench/e2e.py --base http://127.0.0.1:8080 --key fm_… --template tmpl_… --concurrency 16 --trips 400
       [--variables examples/label-sheet.data.json]
Prints median and p99 of the whole trip (ms) and documents per second. Without --variables the request carries a
one-item invoice's variables (the Rynko sample invoice's).
"""
import argparse
import asyncio
import json
import statistics
import time

import httpx

VARIABLES = {
    "invoiceNumber": "INV-BENCH",
    "customer": {"name": "Bench Customer"},
    "items": [{"description": "Service", "quantity": 1, "rate": 100, "amount": 100}],
    "total": 100,
}


async def trip(client, args):
    started = time.perf_counter()
    queued = (await client.post("/api/v1/documents/generate", json={"templateId": args.template, "format": "pdf", "variables": args.data})).json()
    job_id = queued["jobId"]
    while True:
        job = (await client.get(f"/api/v1/documents/jobs/{job_id}")).json()
        if job["status"] == "completed":
            break
        if job["status"] in ("failed", "cancelled"):
            raise RuntimeError(job)
        await asyncio.sleep(args.poll_ms / 1000)
    pdf = await client.get(job["downloadUrl"])
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    return (time.perf_counter() - started) * 1000


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--template", required=True)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--trips", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--poll-ms", type=float, default=2.0)
    parser.add_argument("--variables", help="a JSON file of the variables to send (default: a one-item invoice)")
    args = parser.parse_args()
    if args.variables:
        with open(args.variables, encoding="utf-8") as f:
            args.data = json.load(f)
    else:
        args.data = VARIABLES
    limits = httpx.Limits(max_connections=args.concurrency * 2, max_keepalive_connections=args.concurrency * 2)
    async with httpx.AsyncClient(base_url=args.base, headers={"Authorization": f"Bearer {args.key}"}, limits=limits, timeout=60) as client:
        for _ in range(args.warmup):
            await trip(client, args)
        queue = asyncio.Queue()
        for _ in range(args.trips):
            queue.put_nowait(None)
        times = []

        async def runner():
            while not queue.empty():
                queue.get_nowait()
                times.append(await trip(client, args))

        started = time.perf_counter()
        await asyncio.gather(*(runner() for _ in range(args.concurrency)))
        elapsed = time.perf_counter() - started
    times.sort()
    p99 = times[max(0, int(len(times) * 0.99) - 1)]
    print(f"concurrency={args.concurrency} trips={len(times)} median_ms={statistics.median(times):.1f} "
          f"p99_ms={p99:.1f} docs_per_s={len(times) / elapsed:.1f}")


if __name__ == "__main__":
    asyncio.run(main())
