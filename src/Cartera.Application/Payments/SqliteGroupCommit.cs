using System.Collections.Concurrent;
using Cartera.Application.Data;
using Cartera.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Cartera.Application.Payments;

/// <summary>
/// Group commit of postings on one SQLite database. SQLite has one writer at a time and every commit waits for the disk
/// (synchronous FULL: about 5 ms here), so one transaction per payment caps the API at ~200 payments/s and, with many
/// clients, busy retries stretch the tail. Instead, postings queue; whichever request finds no batch running leads one:
/// it takes the queued postings and runs them in ONE transaction on its own context, each under a savepoint (a posting
/// that fails is rolled back alone and answers its own error), in arrival order, then commits once and answers all.
/// Each posting still takes its obligation's lock and reads what earlier postings of the batch wrote, so results are
/// those of posting them one after another. A transient failure of the batch (another process holding the database,
/// a failed commit) rolls it back and runs its postings one by one with the usual retries.
/// </summary>
internal sealed class SqliteGroupCommit : IDisposable
{
    /// <summary>Postings in one transaction at most: bounds the wait of the last one.</summary>
    private const int MaxBatch = 64;

    private static readonly ConcurrentDictionary<string, SqliteGroupCommit> ByDatabase = new(StringComparer.Ordinal);

    private readonly ConcurrentQueue<Pending> _queue = new();
    private readonly SemaphoreSlim _leader = new(1, 1);

    public void Dispose() => _leader.Dispose();

    public static SqliteGroupCommit For(CarteraDbContext db) =>
        ByDatabase.GetOrAdd(db.Database.GetConnectionString() ?? string.Empty, _ => new SqliteGroupCommit());

    public async Task<PaymentPostingResult> PostAsync(CarteraDbContext db, PostPayment.Request request, CancellationToken ct)
    {
        var pending = new Pending(request, new TaskCompletionSource<PaymentPostingResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        _queue.Enqueue(pending);
        while (!pending.Result.Task.IsCompleted)
        {
            await _leader.WaitAsync(ct);
            try
            {
                if (!pending.Result.Task.IsCompleted)
                {
                    // Not the caller's token: the batch carries other requests' postings.
                    await LeadAsync(db, CancellationToken.None);
                }
            }
            finally
            {
                _leader.Release();
            }
        }

        return await pending.Result.Task;
    }

    private async Task LeadAsync(CarteraDbContext db, CancellationToken ct)
    {
        var batch = new List<Pending>();
        while (batch.Count < MaxBatch && _queue.TryDequeue(out var next))
        {
            batch.Add(next);
        }

        if (batch.Count == 0)
        {
            return;
        }

        var work = new PaymentUnitOfWork(db);
        var outcomes = new List<(Pending Pending, PaymentPostingResult? Result, Exception? Error)>(batch.Count);
        try
        {
            await using (var transaction = await db.Database.BeginTransactionAsync(ct))
            {
                foreach (var pending in batch)
                {
                    await transaction.CreateSavepointAsync("posting", ct);
                    try
                    {
                        var result = await PostPayment.PostLockedAsync(work, pending.Request, ct);
                        await transaction.ReleaseSavepointAsync("posting", ct);
                        outcomes.Add((pending, result, null));
                    }
                    catch (Exception e) when (!PaymentUnitOfWork.IsTransient(e) && e is not OperationCanceledException)
                    {
                        await transaction.RollbackToSavepointAsync("posting", ct);
                        outcomes.Add((pending, null, e is OverflowException
                            ? new DomainException("amount_out_of_range", "The obligation's amounts would no longer fit in 64-bit minor units; nothing was booked.", "amount")
                            : e));
                    }
                    finally
                    {
                        db.ChangeTracker.Clear();
                    }
                }

                await transaction.CommitAsync(ct);
            }
        }
        catch (Exception e) when (PaymentUnitOfWork.IsTransient(e))
        {
            // Rolled back: each posting again on its own, with the usual retries.
            db.ChangeTracker.Clear();
            foreach (var pending in batch)
            {
                try
                {
                    var single = new PaymentUnitOfWork(db);
                    pending.Result.TrySetResult(await single.RunAsync(() => PostPayment.PostLockedAsync(single, pending.Request, ct), ct));
                }
                catch (Exception error)
                {
                    pending.Result.TrySetException(error);
                }
            }

            return;
        }
        catch (Exception e)
        {
            db.ChangeTracker.Clear();
            foreach (var pending in batch)
            {
                pending.Result.TrySetException(e);
            }

            return;
        }

        foreach (var (pending, result, error) in outcomes)
        {
            if (error is not null)
            {
                pending.Result.TrySetException(error);
            }
            else
            {
                pending.Result.TrySetResult(result!);
            }
        }
    }

    private sealed record Pending(PostPayment.Request Request, TaskCompletionSource<PaymentPostingResult> Result);
}
