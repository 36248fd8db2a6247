;; Dropped into deploy/ by the distribution test, as a bundle and as a raw module.
(module
  (func (export "answer") (result i32) i32.const 42))
