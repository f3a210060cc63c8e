package search

import (
	"context"
	"runtime"

	"golang.org/x/sync/errgroup"
)

// forChunks calls f(k, lo, hi) for the k-th chunk [lo, hi) of [0, n), chunks
// of the given size, on every core. It returns f's first error, or ctx's
// if it ends first; chunks not yet started then are not.
func forChunks(ctx context.Context, n, chunk int, f func(k, lo, hi int) error) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for lo := 0; lo < n; lo += chunk {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			return f(lo/chunk, lo, min(n, lo+chunk))
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	return ctx.Err()
}

// inParallel calls f for 0 ≤ i < n on every core, in chunks of 64.
func inParallel(ctx context.Context, n int, f func(i int) error) error {
	return forChunks(ctx, n, 64, func(_, lo, hi int) error {
		for i := lo; i < hi; i++ {
			if err := f(i); err != nil {
				return err
			}
		}
		return nil
	})
}
