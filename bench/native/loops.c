/*
 * The native limit: the benchmark loops in C, compiled with -O3 (and -O3
 * -fno-math-errno, which lets the compiler vectorise sqrt). Prints one JSON object of
 * median nanoseconds per call; bench/native.ts compiles and runs it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static const double H = 20, D = 10, V1 = 0.7, V2 = 0.3, V3 = 0.45;
static volatile double sink;

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e9 + t.tv_nsec;
}

static void gradient(double x1, double x2, double *g1, double *g2) {
  double r = H - x1 - x2;
  double third = r / (V3 * sqrt(r * r + D * D));
  *g1 = x1 / (V1 * sqrt(x1 * x1 + D * D)) - third;
  *g2 = x2 / (V2 * sqrt(x2 * x2 + D * D)) - third;
}

static void descend(double *x1, double *x2) {
  for (int i = 0; i < 20; i++) {
    double g1, g2;
    gradient(*x1, *x2, &g1, &g2);
    *x1 -= 1.5 * g1;
    *x2 -= 1.5 * g2;
  }
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* Median over 5 repetitions of the time per call, each repetition `calls` calls. */
#define MEDIAN_NS(calls, ...)                                   \
  ({                                                            \
    double ts[5];                                               \
    for (int rep = 0; rep < 5; rep++) {                         \
      double t0 = now_ns();                                     \
      for (long it = 0; it < (calls); it++) { __VA_ARGS__; }    \
      ts[rep] = (now_ns() - t0) / (calls);                      \
    }                                                           \
    qsort(ts, 5, sizeof(double), cmp);                          \
    ts[2];                                                      \
  })

int main(void) {
  printf("{");
  double g1, g2;
  double grad_ns = MEDIAN_NS(2000000L, {
    gradient(2 + (it & 1) * 1e-7, 17, &g1, &g2);
    sink += g1 + g2;
  });
  printf("\"grad\": %.3f", grad_ns);
  double descent_ns = MEDIAN_NS(200000L, {
    double a = 2 + (it & 1) * 1e-7, b = 17;
    descend(&a, &b);
    sink += a + b;
  });
  printf(", \"descent\": %.3f", descent_ns);
  const long sizes[] = {10000, 100000, 1000000};
  for (int s = 0; s < 3; s++) {
    long n = sizes[s];
    double *starts = malloc(2 * n * sizeof(double)), *out = malloc(2 * n * sizeof(double));
    for (long i = 0; i < n; i++) {
      starts[2 * i] = (i % 1000) / 50.0 - 5;
      starts[2 * i + 1] = ((i / 1000) % 1000) / 50.0 - 2;
    }
    double ns = MEDIAN_NS(n >= 1000000 ? 1 : n >= 100000 ? 2 : 10, {
      for (long i = 0; i < n; i++) {
        double a = starts[2 * i], b = starts[2 * i + 1];
        descend(&a, &b);
        out[2 * i] = a;
        out[2 * i + 1] = b;
      }
      sink += out[0];
    });
    printf(", \"vmap_descent_%ld\": %.3f", n, ns);
    free(starts);
    free(out);
  }
  const int mm[] = {64, 256, 512};
  for (int s = 0; s < 3; s++) {
    int n = mm[s];
    double *a = malloc(n * n * sizeof(double)), *b = malloc(n * n * sizeof(double)), *c = malloc(n * n * sizeof(double));
    for (int i = 0; i < n * n; i++) {
      a[i] = sin(i);
      b[i] = cos(i);
    }
    double ns = MEDIAN_NS(n <= 64 ? 1000 : n <= 256 ? 10 : 2, {
      for (int i = 0; i < n * n; i++) c[i] = 0;
      for (int i = 0; i < n; i++)
        for (int k = 0; k < n; k++) {
          double aik = a[i * n + k];
          for (int j = 0; j < n; j++) c[i * n + j] += aik * b[k * n + j];
        }
      sink += c[n + 1];
    });
    printf(", \"matmul_%d\": %.3f", n, ns);
    free(a);
    free(b);
    free(c);
  }
  printf("}\n");
  return 0;
}
