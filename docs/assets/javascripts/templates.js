// Behaviour of the template pages. Material's instant navigation swaps page
// content without reloading, so everything runs from document$.
