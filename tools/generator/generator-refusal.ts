/** What the generator refuses to do (an output folder that holds other files): the doors report it as bad input. */
export class GeneratorRefusal extends Error {
  override name = 'GeneratorRefusal';
}
