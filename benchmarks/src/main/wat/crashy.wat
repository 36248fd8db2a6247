;; Benchmark guest that traps on request, to crash-loop under the supervisor.
(module
  (memory (export "memory") 1)
  (func (export "trap") unreachable)
)
