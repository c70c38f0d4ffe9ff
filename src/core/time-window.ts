/** [from, to): the period a statistics or usage answer covers. */
export interface TimeWindow {
  from: Date;
  to: Date;
}
