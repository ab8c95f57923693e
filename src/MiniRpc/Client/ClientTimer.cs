using System;
using System.Collections.Generic;
using System.Threading;

namespace MiniRpc.Client;

/// <summary>
/// The clock of every client's timeouts and UDP retransmissions: one thread of its own that sleeps until the next
/// tick due, rather than a <see cref="Timer"/> per client. A <see cref="Timer"/> runs each tick on a thread-pool
/// worker, and a worker that wakes spins (<c>sched_yield</c>) before it sleeps again: a few ticks a second cost
/// a client making one call at a time 5% to 10% of its calls on a CPU it shares with its server. A tick only looks
/// at the pending calls, fails those whose time is up (their callers' code runs on the thread pool) and sends UDP
/// calls again without waiting, so one thread serves all clients.
/// </summary>
internal static class ClientTimer
{
    private static readonly object s_gate = new();
    private static readonly List<Entry> s_entries = [];
    private static bool s_started;

    /// <summary>Starts ticking <paramref name="entry"/> every <paramref name="period"/>, the first tick one period from now.</summary>
    public static void Start(Entry entry, TimeSpan period)
    {
        lock (s_gate)
        {
            if (entry.Active)
            {
                return;
            }

            entry.Period = Math.Max(1, (long)period.TotalMilliseconds);
            entry.Due = Environment.TickCount64 + entry.Period;
            entry.Active = true;
            s_entries.Add(entry);
            if (!s_started)
            {
                s_started = true;
                new Thread(Run) { IsBackground = true, Name = "MiniRpc client timer" }.UnsafeStart();
            }

            Monitor.Pulse(s_gate);
        }
    }

    /// <summary>Stops ticking <paramref name="entry"/>; a tick already under way may still run.</summary>
    public static void Stop(Entry entry)
    {
        lock (s_gate)
        {
            if (entry.Active)
            {
                entry.Active = false;
                s_entries.Remove(entry);
            }
        }
    }

    private static void Run()
    {
        var due = new List<Entry>();
        while (true)
        {
            lock (s_gate)
            {
                long now = Environment.TickCount64;
                long next = long.MaxValue;
                foreach (Entry entry in s_entries)
                {
                    if (entry.Due <= now)
                    {
                        due.Add(entry);
                        entry.Due = now + entry.Period;
                    }

                    next = Math.Min(next, entry.Due);
                }

                if (due.Count == 0)
                {
                    Monitor.Wait(s_gate, next == long.MaxValue ? Timeout.Infinite : (int)Math.Min(next - now, int.MaxValue));
                    continue;
                }
            }

            // Outside the lock: a tick may stop its own entry, or start another.
            foreach (Entry entry in due)
            {
                try
                {
                    entry.Tick();
                }
                catch (Exception)
                {
                    // A tick's failure is its client's (each call it touches is failed or left for the next tick); the
                    // other clients tick on.
                }
            }

            due.Clear();
        }
    }

    /// <summary>One client's registration: made once, started and stopped as calls come and go.</summary>
    internal sealed class Entry(Action tick)
    {
        public Action Tick { get; } = tick;

        public long Period { get; set; }

        public long Due { get; set; }

        public bool Active { get; set; }
    }
}
